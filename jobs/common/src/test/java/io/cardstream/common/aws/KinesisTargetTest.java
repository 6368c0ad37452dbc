package io.cardstream.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.cli.KinesisStreamOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KinesisTargetTest {

  @Test
  void aBlankEndpointIsAwsAndTheDescriptionSaysWhere() {
    assertThat(new KinesisTarget("tx", " ", "eu-west-1").endpoint()).isNull();
    assertThat(new KinesisTarget("tx", null, "eu-west-1").describe())
        .isEqualTo("Kinesis stream tx on AWS (eu-west-1)");
    assertThat(new KinesisTarget("tx", "http://127.0.0.1:18567", "us-east-1").describe())
        .isEqualTo("Kinesis stream tx at http://127.0.0.1:18567");
  }

  @Test
  void badValuesNameTheOptionToFix() {
    assertThatThrownBy(() -> new KinesisTarget("a b", null, "us-east-1"))
        .hasMessage("--kinesis-stream 'a b' is not a Kinesis stream name");
    assertThatThrownBy(() -> new KinesisTarget("tx", "127.0.0.1:18567", "us-east-1"))
        .hasMessage("--kinesis-endpoint '127.0.0.1:18567' is not an http(s) URL (omit it on AWS)");
    assertThatThrownBy(() -> new KinesisTarget("tx", null, ""))
        .hasMessage("--kinesis-region '' is not an AWS region name, e.g. us-east-1");
  }

  @Test
  void theOptionsLeaveWhatIsNotGivenToTheCaller() {
    KinesisStreamOptions none = new KinesisStreamOptions();
    new CommandLine(none).parseArgs();
    assertThat(none.targetIfGiven()).isNull();
    assertThat(none.region()).isNull();

    KinesisStreamOptions given = new KinesisStreamOptions();
    new CommandLine(given).parseArgs("--kinesis-stream", "tx");
    assertThat(given.targetIfGiven()).isEqualTo(new KinesisTarget("tx", null, "us-east-1"));
    assertThat(given.target("other", "http://127.0.0.1:1"))
        .isEqualTo(new KinesisTarget("other", "http://127.0.0.1:1", "us-east-1"));
  }
}
