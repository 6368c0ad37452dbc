package io.cardstream.infra;

import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Where operators hear about trouble (the SNS topic: CloudWatch alarms, failed EMR steps, failed
 * DAG tasks through the Variable cardstream_sns_topic_arn) and the notifier's SES sender identity.
 */
final class Alerting extends Construct {

  final Topic topic;

  Alerting(Construct scope, String id, InfraConfig config, IKey key) {
    super(scope, id);
    topic =
        Topic.Builder.create(this, "Alerts")
            .topicName(Layout.NAME + "-alerts")
            .displayName("cardstream alerts")
            .masterKey(key)
            .enforceSsl(true)
            .build();
    EmailIdentity.Builder.create(this, "Sender")
        .identity(Identity.email(config.senderEmail()))
        .build();
  }
}
