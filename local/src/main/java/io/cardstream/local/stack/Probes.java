package io.cardstream.local.stack;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** The readiness checks the services share: a port, an HTTP answer, a mail server's greeting. */
final class Probes {

  private Probes() {}

  static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The URL answers 200. */
  static boolean ok(String url) throws IOException {
    return status(url) == 200;
  }

  /** The URL answers at all (any status). */
  static boolean answers(String url) throws IOException {
    return status(url) > 0;
  }

  /** The server's greeting: {@code 220 ...}. */
  static boolean smtpGreets(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(1000);
      byte[] b = new byte[3];
      return s.getInputStream().read(b) == 3 && new String(b).equals("220");
    }
  }

  private static int status(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(500);
    c.setReadTimeout(1000);
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }
}
