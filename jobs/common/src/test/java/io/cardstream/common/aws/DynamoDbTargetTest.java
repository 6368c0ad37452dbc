package io.cardstream.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.cli.DynamoDbOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DynamoDbTargetTest {

  @Test
  void blankAndAwsMeanDynamoDbOnAws() {
    assertThat(new DynamoDbTarget(" ", "us-east-1", "").endpoint()).isNull();
    assertThat(new DynamoDbTarget("aws", "eu-west-1", null).endpoint()).isNull();
    assertThat(new DynamoDbTarget("aws", "eu-west-1", null).tablePrefix()).isEmpty();
    assertThat(new DynamoDbTarget(null, "eu-west-1", "").describe())
        .isEqualTo("on AWS (eu-west-1)");
    assertThat(DynamoDbTarget.local("http://127.0.0.1:18000").describe())
        .isEqualTo("at http://127.0.0.1:18000");
  }

  @Test
  void tableNamesGetThePrefix() {
    assertThat(new DynamoDbTarget(null, "eu-west-1", "prod_").table("fraud_audit"))
        .isEqualTo("prod_fraud_audit");
    assertThat(DynamoDbTarget.local("http://127.0.0.1:18000").table("fraud_audit"))
        .isEqualTo("fraud_audit");
  }

  @Test
  void badValuesNameTheOptionToFix() {
    assertThatThrownBy(() -> new DynamoDbTarget("127.0.0.1:18000", "us-east-1", ""))
        .hasMessageStartingWith("--dynamodb-endpoint '127.0.0.1:18000' is not an http(s) URL");
    assertThatThrownBy(() -> new DynamoDbTarget(null, "", ""))
        .hasMessageStartingWith("--dynamodb-region '' is not an AWS region name");
    assertThatThrownBy(() -> new DynamoDbTarget(null, "us-east-1", "a b"))
        .hasMessageStartingWith("--dynamodb-table-prefix may hold only");
  }

  @Test
  void theOptionsGiveTheTargetOrNothing() {
    DynamoDbOptions none = new DynamoDbOptions();
    new CommandLine(none).parseArgs();
    assertThat(none.target()).isEqualTo(new DynamoDbTarget(null, "us-east-1", ""));
    assertThat(none.targetIfGiven()).isNull();

    DynamoDbOptions local = new DynamoDbOptions();
    new CommandLine(local)
        .parseArgs(
            "--dynamodb-endpoint", "http://127.0.0.1:18000", "--dynamodb-table-prefix", "p_");
    assertThat(local.targetIfGiven())
        .isEqualTo(new DynamoDbTarget("http://127.0.0.1:18000", "us-east-1", "p_"));
  }
}
