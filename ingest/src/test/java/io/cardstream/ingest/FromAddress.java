package io.cardstream.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request to the server on 127.0.0.1 from another loopback address (Linux answers on
 * all of 127.0.0.0/8), so the server's {@code ctx.ip()} sees a second client. The JDK's HttpClient
 * cannot choose its source address.
 */
final class FromAddress {

  private FromAddress() {}

  /** The status code of {@code method path} sent from {@code source}, with extra header lines. */
  static int status(String source, int port, String method, String path, String... headers)
      throws IOException {
    try (Socket s = new Socket()) {
      try {
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      } catch (IOException e) {
        assumeTrue(false, "cannot bind " + source + " on this machine: " + e);
      }
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder();
      req.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      req.append("Host: 127.0.0.1:").append(port).append("\r\n");
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      req.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      // "HTTP/1.1 200 OK"
      return Integer.parseInt(response.substring(9, 12));
    }
  }
}
