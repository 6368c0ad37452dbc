package io.cardstream.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

class RetryTest {

  @Test
  void throttlingIsWaitedOutAndTheCallsAnswerReturned() {
    AtomicInteger calls = new AtomicInteger();
    String r =
        Retry.call(
            "GetRecords",
            5,
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw ProvisionedThroughputExceededException.builder().message("slow down").build();
              }
              return "records";
            });

    assertThat(r).isEqualTo("records");
    assertThat(calls).hasValue(3);
  }

  @Test
  void throttlingPastTheAttemptsFailsWithTheCallAndTheCause() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Retry.call(
                    "GetRecords on shardId-1",
                    2,
                    () -> {
                      calls.incrementAndGet();
                      throw ProvisionedThroughputExceededException.builder()
                          .message("slow down")
                          .build();
                    }))
        .hasMessageStartingWith("GetRecords on shardId-1 failed after 2 attempts: slow down");
    assertThat(calls).hasValue(2);
  }

  @Test
  void otherErrorsFailAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Retry.call(
                    "ListShards",
                    5,
                    () -> {
                      calls.incrementAndGet();
                      throw ResourceNotFoundException.builder().message("no stream").build();
                    }))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void aCallInterruptedByTheQuerysStopIsAnInterruptionNotAFailure() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Retry.call(
                    "GetRecords on shardId-2",
                    5,
                    () -> {
                      calls.incrementAndGet();
                      throw AbortedException.builder().message("Thread was interrupted").build();
                    }))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(InterruptedIOException.class)
        .hasMessageContaining("GetRecords on shardId-2 was interrupted");
    assertThat(calls).hasValue(1);
  }
}
