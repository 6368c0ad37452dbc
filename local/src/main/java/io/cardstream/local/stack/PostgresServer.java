package io.cardstream.local.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The PostgreSQL service JVM: runs an embedded PostgreSQL (binaries from Maven, so nothing is
 * downloaded at run time) on 127.0.0.1 until the JVM is told to stop, then shuts the server down.
 * Started by {@link LocalStack}, never by hand.
 */
public final class PostgresServer {

  private PostgresServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: PostgresServer <port> <data-dir>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Path dataDir = Path.of(args[1]);
    Files.createDirectories(dataDir);
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(true)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "50")
            .setServerConfig("fsync", "off")
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pg.close();
                    System.out.println("PostgreSQL stopped");
                  } catch (Exception e) {
                    System.err.println("PostgreSQL did not stop cleanly: " + e);
                  } finally {
                    stopped.countDown();
                  }
                }));
    System.out.println("PostgreSQL ready on 127.0.0.1:" + port);
    stopped.await();
  }
}
