package io.cardstream.local.stack;

import io.cardstream.service.JvmLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** s3proxy on the file system: an S3-compatible server holding one bucket, for the lake on s3a. */
public final class S3Service extends LocalService {

  public static final String NAME = "s3";

  static final String ACCESS_KEY = "local-access-key";
  static final String SECRET_KEY = "local-secret-key";
  static final String BUCKET = "cardstream-lake";

  S3Service(StackConfig config) {
    super(config, NAME, config.s3Port(), config.serviceClasspath("s3proxy"));
  }

  @Override
  List<String> command(Path data, boolean fresh) throws IOException {
    Path blobs = data.resolve("blobs");
    Files.createDirectories(blobs.resolve(BUCKET));
    Path props = data.resolve("s3proxy.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port(),
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + blobs,
            ""));
    Path logback = data.resolve("logback.xml");
    Files.writeString(
        logback,
        "<configuration><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<encoder><pattern>%d %level %logger{20} - %msg%n</pattern></encoder></appender>"
            + "<root level=\"INFO\"><appender-ref ref=\"OUT\"/></root></configuration>\n");
    return JvmLauncher.of("org.gaul.s3proxy.Main")
        .small()
        .heap("256m")
        .flag("-Dlogback.configurationFile=" + logback)
        .classpathFile(config.serviceClasspath("s3proxy"))
        .args("--properties", props.toString())
        .command();
  }

  @Override
  boolean ready() throws IOException {
    return Probes.answers("http://127.0.0.1:" + port());
  }
}
