package io.cardstream.local.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The local stack's mail server: a real SMTP server (SubEthaSMTP) on 127.0.0.1 that accepts every
 * message for the reserved test domain and keeps it as an {@code .eml} file in a directory, the
 * local stand-in for the customers' mailboxes (on AWS the notifier sends through Amazon SES). The
 * log names only the recipient's domain, never the address.
 *
 * <p>{@code java -cp ... io.cardstream.local.stack.MailServer PORT MAILDIR}
 */
public final class MailServer {

  /** The only domain it takes mail for: reserved for testing (RFC 2606). */
  public static final String DOMAIN = "example.test";

  private static final long STARTED = System.currentTimeMillis();

  private MailServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path maildir = Path.of(args[1]);
    Files.createDirectories(maildir);
    AtomicLong n = new AtomicLong();
    SMTPServer server =
        SMTPServer.port(port)
            .bindAddress(InetAddress.getLoopbackAddress())
            .softwareName("cardstream local mail")
            .simpleMessageListener(
                new SimpleMessageListener() {
                  @Override
                  public boolean accept(String from, String to) {
                    return to.toLowerCase(java.util.Locale.ROOT).endsWith("@" + DOMAIN);
                  }

                  @Override
                  public void deliver(String from, String to, InputStream data) throws IOException {
                    store(maildir, n.incrementAndGet(), to, data);
                  }
                })
            .build();
    server.start();
    System.out.println("mail server listening on 127.0.0.1:" + port + ", mail in " + maildir);
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    Thread.currentThread().join();
  }

  private static void store(Path maildir, long n, String to, InputStream data) throws IOException {
    // Written aside, then moved: a reader never sees half a message.
    Path tmp = maildir.resolve(".incoming-" + n);
    Files.copy(data, tmp, StandardCopyOption.REPLACE_EXISTING);
    // Named by arrival (start time, then count): a restarted server never overwrites a message.
    Files.move(
        tmp,
        maildir.resolve(String.format("%d-%08d.eml", STARTED, n)),
        StandardCopyOption.ATOMIC_MOVE);
    System.out.println("message " + n + " for a recipient at " + to.substring(to.indexOf('@') + 1));
  }
}
