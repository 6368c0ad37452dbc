package io.cardstream.local.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SCRAM broker's security material, made at each fresh start of the stack with this JDK's
 * {@code keytool} (nothing downloaded): a CA, the broker's certificate it signed (for localhost and
 * 127.0.0.1), random passwords, the broker's SASL_SSL settings and the clients' properties file
 * (SCRAM user {@value #CLIENT_USER}, the CA as a PEM truststore). Every file is readable by this
 * user only.
 */
final class KafkaTls {

  /** The broker's own SCRAM user (inter-broker traffic runs on the SASL_SSL listener). */
  static final String BROKER_USER = "broker";

  /** The user every client of the stack authenticates as. */
  static final String CLIENT_USER = "cardstream";

  private final Path dir;

  KafkaTls(Path dir) {
    this.dir = dir;
  }

  Path brokerSettings() {
    return dir.resolve("broker.properties");
  }

  /** The {@code kafka-storage format} options that create the SCRAM users ({@code @argfile}). */
  Path scramUsers() {
    return dir.resolve("scram-users.args");
  }

  Path caPem() {
    return dir.resolve("ca.pem");
  }

  /**
   * Makes the CA, the broker keystore, the passwords and the files that hold them; the clients'
   * properties go to {@code clientProperties}.
   */
  void generate(Path clientProperties) throws IOException {
    Files.createDirectories(dir);
    String store = password();
    String brokerScram = password();
    String clientScram = password();
    Path ca = dir.resolve("ca.p12");
    Path broker = dir.resolve("broker.p12");
    Path csr = dir.resolve("broker.csr");
    Path cert = dir.resolve("broker.pem");
    String newKey = "-genkeypair -keyalg RSA -keysize 2048 -storetype PKCS12 -alias";
    keytool(store, ca, newKey + " ca -validity 3650 -ext bc:c", "-dname", "CN=cardstream local CA");
    keytool(store, ca, "-exportcert -rfc -alias ca -file", caPem().toString());
    keytool(store, broker, newKey + " broker -validity 825", "-dname", "CN=localhost");
    keytool(store, broker, "-certreq -alias broker -file", csr.toString());
    keytool(
        store,
        ca,
        "-gencert -alias ca -rfc -validity 825 -ext SAN=dns:localhost,ip:127.0.0.1"
            + " -ext KU=digitalSignature,keyEncipherment -ext EKU=serverAuth -infile",
        csr.toString(),
        "-outfile",
        cert.toString());
    // The CA first, then the signed reply: the broker presents a chain of two.
    keytool(store, broker, "-importcert -noprompt -alias ca -file", caPem().toString());
    keytool(store, broker, "-importcert -alias broker -file", cert.toString());
    Files.delete(csr);
    writePrivate(
        brokerSettings(),
        lines(
            "sasl.enabled.mechanisms=SCRAM-SHA-512",
            "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
            "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                + jaas(BROKER_USER, brokerScram),
            "ssl.keystore.type=PKCS12",
            "ssl.keystore.location=" + broker,
            "ssl.keystore.password=" + store,
            "ssl.key.password=" + store,
            // The broker is its own client on the listener, and checks that it can trust itself.
            "ssl.truststore.type=PEM",
            "ssl.truststore.location=" + caPem(),
            "ssl.client.auth=none"));
    writePrivate(
        scramUsers(),
        lines(
            "--add-scram",
            "SCRAM-SHA-512=[name=" + BROKER_USER + ",password=" + brokerScram + "]",
            "--add-scram",
            "SCRAM-SHA-512=[name=" + CLIENT_USER + ",password=" + clientScram + "]"));
    writePrivate(
        clientProperties,
        lines(
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=" + jaas(CLIENT_USER, clientScram),
            "ssl.truststore.type=PEM",
            "ssl.truststore.location=" + caPem()));
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  /** Hex: safe in JAAS, argfiles and SCRAM's bracket syntax without quoting. */
  private static String password() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  /** Writes {@code text} to a file only this user can read (created so, never widened). */
  static void writePrivate(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text);
  }

  /** The keystores' password reaches keytool in its environment, not on its command line. */
  private static final String STORE_ENV = "CARDSTREAM_KEYSTORE_PASSWORD";

  /**
   * Runs keytool on {@code keystore}: {@code options} split on spaces (fixed words), then {@code
   * more} as they are (paths, the distinguished name).
   */
  private void keytool(String store, Path keystore, String options, String... more)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(options.split(" ")));
    cmd.addAll(List.of(more));
    cmd.addAll(List.of("-keystore", keystore.toString(), "-storepass:env", STORE_ENV));
    ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    b.environment().put(STORE_ENV, store);
    Process p = b.start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + cmd.get(1) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
