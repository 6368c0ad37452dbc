package io.cardstream.streaming.lag;

/** Where the stream's input lag goes (CloudWatch on AWS; nowhere locally). */
public interface LagPublisher extends AutoCloseable {

  void publish(KafkaLag lag);

  @Override
  default void close() {}
}
