package io.cardstream.infra;

import java.util.List;

/**
 * The notifier as an EMR step beside the stream: {@code NotifierJob} from the streaming jar, mail
 * through SES's API with the nodes' role ({@code --mail ses}: no SMTP credentials exist), its own
 * checkpoint, the contacts and the ledger in the deployment's tables (no prefix).
 */
record NotifierStep(
    String jarsUri,
    String lakeRoot,
    String checkpoint,
    String region,
    String kafkaBootstrap,
    String senderEmail,
    String feedbackBaseUrl) {

  /** The job's options as {@code --name=value} (a step's Args must be unique items). */
  List<String> jobArgs() {
    return List.of(
        "--mail=ses",
        "--ses-region=" + region,
        "--mail-from=" + senderEmail,
        "--kafka-bootstrap=" + kafkaBootstrap,
        // MSK Serverless admits IAM only.
        "--kafka-auth=msk-iam",
        "--dynamodb-region=" + region,
        "--lake=" + lakeRoot,
        "--checkpoint=" + checkpoint,
        "--feedback-base-url=" + feedbackBaseUrl,
        // The links' signing key, read by id with the nodes' role (docs/keys.md).
        "--link-key-secret-id=" + Secrets.LINK_KEY_NAME,
        "--keys-region=" + region);
  }

  List<String> commandRunnerArgs() {
    return StreamStep.sparkSubmit(
        Layout.NOTIFIER_MAIN_CLASS, jarsUri + "/" + Layout.STREAM_JAR, jobArgs());
  }
}
