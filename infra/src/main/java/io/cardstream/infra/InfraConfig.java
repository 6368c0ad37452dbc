package io.cardstream.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The app's context parameters (infra/cdk.json, {@code cdk --context k=v}, {@code bin/cardstream
 * infra synth --context k=v}), validated once; every stack reads them from here.
 *
 * @param input where the stream reads transactions: a Kinesis data stream (on demand) or the {@code
 *     transactions} topic on MSK Serverless. The decision, alert, dead-letter and control topics
 *     are on MSK Serverless either way (the stream writes them to Kafka).
 * @param senderEmail the notifier's sender address, verified as an SES identity
 * @param emrRelease EMR 7.x release label (7.1+ pre-installs the Kinesis connector)
 * @param emrInstanceType instance type of the EMR primary and core nodes
 * @param emrCoreInstances number of EMR core nodes
 * @param airflowVersion the MWAA Airflow version (the DAGs are Airflow 3)
 * @param collectorImageTag the collector image's tag in its ECR repository (pushed by Jib)
 * @param collectorCertificateArn the ACM certificate of the collector's load balancer (HTTPS), or
 *     null: then the app has no collector stack
 * @param feedbackBaseUrl the collector's public https:// URL, for the notifier's "was this you?"
 *     links
 */
public record InfraConfig(
    Input input,
    String senderEmail,
    String emrRelease,
    String emrInstanceType,
    int emrCoreInstances,
    String airflowVersion,
    String collectorImageTag,
    String collectorCertificateArn,
    String feedbackBaseUrl) {

  public enum Input {
    KINESIS,
    KAFKA
  }

  public static final String INPUT = "input";
  public static final String SENDER_EMAIL = "senderEmail";
  public static final String EMR_RELEASE = "emrRelease";
  public static final String EMR_INSTANCE_TYPE = "emrInstanceType";
  public static final String EMR_CORE_INSTANCES = "emrCoreInstances";
  public static final String AIRFLOW_VERSION = "airflowVersion";
  public static final String COLLECTOR_IMAGE_TAG = "collectorImageTag";
  public static final String COLLECTOR_CERTIFICATE_ARN = "collectorCertificateArn";
  public static final String FEEDBACK_BASE_URL = "feedbackBaseUrl";

  /** Every key this app reads; anything else in the context is a typo to report. */
  public static final List<String> KEYS =
      List.of(
          INPUT,
          SENDER_EMAIL,
          EMR_RELEASE,
          EMR_INSTANCE_TYPE,
          EMR_CORE_INSTANCES,
          AIRFLOW_VERSION,
          COLLECTOR_IMAGE_TAG,
          COLLECTOR_CERTIFICATE_ARN,
          FEEDBACK_BASE_URL);

  public static final Map<String, String> DEFAULTS =
      Map.of(
          INPUT, "kinesis",
          EMR_RELEASE, "emr-7.13.0",
          EMR_INSTANCE_TYPE, "m5.xlarge",
          EMR_CORE_INSTANCES, "2",
          AIRFLOW_VERSION, "3.0.6",
          COLLECTOR_IMAGE_TAG, Layout.version());

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[a-z]{2,}");
  private static final Pattern EMR_7 = Pattern.compile("emr-7\\.(\\d+)\\.\\d+");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
  private static final Pattern AIRFLOW_3 = Pattern.compile("3\\.\\d+\\.\\d+");
  private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern ACM_ARN =
      Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]{36}");
  private static final Pattern HTTPS_URL = Pattern.compile("https://[^\\s/?#]+(/[^\\s?#]*)?");

  public InfraConfig {
    if (senderEmail == null || !EMAIL.matcher(senderEmail).matches()) {
      throw invalid(SENDER_EMAIL, senderEmail, "an e-mail address the notifier sends from");
    }
    var release = EMR_7.matcher(emrRelease);
    if (!release.matches() || Integer.parseInt(release.group(1)) < 1) {
      throw invalid(
          EMR_RELEASE, emrRelease, "an EMR 7.1+ release label such as emr-7.13.0 (Spark 3.5)");
    }
    if (!INSTANCE_TYPE.matcher(emrInstanceType).matches()) {
      throw invalid(EMR_INSTANCE_TYPE, emrInstanceType, "an EC2 instance type such as m5.xlarge");
    }
    if (emrCoreInstances < 1) {
      throw invalid(EMR_CORE_INSTANCES, "" + emrCoreInstances, "at least 1");
    }
    if (!AIRFLOW_3.matcher(airflowVersion).matches()) {
      throw invalid(
          AIRFLOW_VERSION, airflowVersion, "an Airflow 3 version MWAA offers, e.g. 3.0.6");
    }
    if (!IMAGE_TAG.matcher(collectorImageTag).matches()) {
      throw invalid(COLLECTOR_IMAGE_TAG, collectorImageTag, "an image tag such as 0.1.0");
    }
    if (collectorCertificateArn != null && !ACM_ARN.matcher(collectorCertificateArn).matches()) {
      throw invalid(
          COLLECTOR_CERTIFICATE_ARN,
          collectorCertificateArn,
          "the ARN of an ACM certificate in the deploy region for the collector's DNS name");
    }
    if (feedbackBaseUrl == null || !HTTPS_URL.matcher(feedbackBaseUrl).matches()) {
      throw invalid(
          FEEDBACK_BASE_URL, feedbackBaseUrl, "the collector's public https:// URL (no query)");
    }
  }

  /**
   * Reads and validates the parameters; {@code context} answers a key with its value or null.
   *
   * @throws IllegalArgumentException naming the key, what was wrong and where to set it
   */
  public static InfraConfig fromContext(Function<String, Object> context) {
    Function<String, String> get =
        key -> {
          Object v = context.apply(key);
          String s = v == null ? DEFAULTS.get(key) : v.toString().trim();
          if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(
                "context "
                    + key
                    + " is missing: set it in infra/cdk.json or pass --context "
                    + key
                    + "=...");
          }
          return s;
        };
    String input = get.apply(INPUT).toUpperCase(Locale.ROOT);
    if (Arrays.stream(Input.values()).noneMatch(i -> i.name().equals(input))) {
      throw invalid(INPUT, input.toLowerCase(Locale.ROOT), "kinesis or kafka");
    }
    String cores = get.apply(EMR_CORE_INSTANCES);
    if (!cores.matches("\\d{1,3}")) {
      throw invalid(EMR_CORE_INSTANCES, cores, "a whole number of nodes");
    }
    return new InfraConfig(
        Input.valueOf(input),
        get.apply(SENDER_EMAIL),
        get.apply(EMR_RELEASE),
        get.apply(EMR_INSTANCE_TYPE),
        Integer.parseInt(cores),
        get.apply(AIRFLOW_VERSION),
        get.apply(COLLECTOR_IMAGE_TAG),
        optional(context, COLLECTOR_CERTIFICATE_ARN),
        get.apply(FEEDBACK_BASE_URL));
  }

  /** The value of an optional key, or null when it is absent or blank. */
  private static String optional(Function<String, Object> context, String key) {
    Object v = context.apply(key);
    return v == null || v.toString().isBlank() ? null : v.toString().trim();
  }

  /** Whether the collector is deployed: it needs a certificate for its load balancer. */
  public boolean collector() {
    return collectorCertificateArn != null;
  }

  public boolean kinesis() {
    return input == Input.KINESIS;
  }

  private static IllegalArgumentException invalid(String key, String value, String expected) {
    return new IllegalArgumentException(
        "context " + key + " is '" + value + "': expected " + expected);
  }
}
