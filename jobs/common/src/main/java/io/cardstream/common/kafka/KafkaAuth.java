package io.cardstream.common.kafka;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How every Kafka client of the project authenticates: the security properties it adds to a
 * client's configuration, rendered once here for {@code none} (plaintext, the default), {@code
 * scram} (SASL_SSL with SCRAM-SHA-512) and {@code msk-iam} (SASL_SSL with the AWS MSK IAM login
 * module), plus what a client properties file adds or replaces. Serializable: Spark ships it to the
 * executors with the job's configuration.
 *
 * @param mode the authentication
 * @param properties the client properties to add (without Spark's {@code kafka.} prefix)
 */
public record KafkaAuth(Mode mode, Map<String, String> properties) implements Serializable {

  /** The authentications {@code --kafka-auth} takes. */
  public enum Mode {
    NONE("none"),
    SCRAM("scram"),
    MSK_IAM("msk-iam");

    private final String option;

    Mode(String option) {
      this.option = option;
    }

    public String option() {
      return option;
    }

    /** The mode named {@code value} (as on the command line). */
    public static Mode parse(String value) {
      for (Mode m : values()) {
        if (m.option.equals(value.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "--kafka-auth must be none, scram or msk-iam, got '" + value + "'");
    }
  }

  public static final String SECURITY_PROTOCOL = "security.protocol";
  public static final String SASL_MECHANISM = "sasl.mechanism";
  public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";
  public static final String SASL_CLIENT_CALLBACK_HANDLER = "sasl.client.callback.handler.class";
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

  /** Named as strings: the classes are only on the EMR jar's and the collector's classpath. */
  public static final String IAM_LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";

  public static final String IAM_CALLBACK_HANDLER =
      "software.amazon.msk.auth.iam.IAMClientCallbackHandler";

  /** Plaintext, no credentials: the local stack's default broker. */
  public static final KafkaAuth NONE = new KafkaAuth(Mode.NONE, Map.of());

  public KafkaAuth {
    properties = Map.copyOf(properties);
  }

  /**
   * SASL_SSL with SCRAM-SHA-512 as {@code username}; the brokers' certificates as the JVM trusts.
   */
  public static KafkaAuth scram(String username, String password) {
    return new KafkaAuth(
        Mode.SCRAM,
        Map.of(
            SECURITY_PROTOCOL,
            "SASL_SSL",
            SASL_MECHANISM,
            SCRAM_MECHANISM,
            SASL_JAAS_CONFIG,
            "org.apache.kafka.common.security.scram.ScramLoginModule required username="
                + quoted(username)
                + " password="
                + quoted(password)
                + ";"));
  }

  /** SASL_SSL with MSK IAM: credentials from the AWS default chain (instance or task role). */
  public static KafkaAuth mskIam() {
    return new KafkaAuth(
        Mode.MSK_IAM,
        Map.of(
            SECURITY_PROTOCOL,
            "SASL_SSL",
            SASL_MECHANISM,
            "AWS_MSK_IAM",
            SASL_JAAS_CONFIG,
            IAM_LOGIN_MODULE + " required;",
            SASL_CLIENT_CALLBACK_HANDLER,
            IAM_CALLBACK_HANDLER));
  }

  /** These properties with {@code overrides} (a client properties file's) added or replacing. */
  public KafkaAuth with(Map<String, String> overrides) {
    Map<String, String> p = new LinkedHashMap<>(properties);
    p.putAll(overrides);
    return new KafkaAuth(mode, p);
  }

  /** The same properties as Spark's Kafka source and sink take them ({@code kafka.} prefix). */
  public Map<String, String> sparkOptions() {
    Map<String, String> o = new TreeMap<>();
    properties.forEach((k, v) -> o.put("kafka." + k, v));
    return o;
  }

  /** A JAAS option value: quoted, with quotes and backslashes escaped. */
  private static String quoted(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("SCRAM needs a user name and a password");
    }
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** The mode and the property names only: the JAAS line holds the password. */
  @Override
  public String toString() {
    return "KafkaAuth[" + mode.option() + ", " + new TreeMap<>(properties).keySet() + "]";
  }
}
