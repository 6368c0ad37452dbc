package io.cardstream.console.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's static files, from its own jar: Chart.js (unpacked from its WebJar at build time),
 * the page script and the style sheet.
 */
public final class Assets {

  public static final String CHART_JS = "chart.umd.js";
  public static final String CONSOLE_JS = "console.js";
  public static final String CONSOLE_CSS = "console.css";

  private static final Map<String, String> TYPES =
      Map.of(
          CHART_JS, "text/javascript; charset=utf-8",
          CONSOLE_JS, "text/javascript; charset=utf-8",
          CONSOLE_CSS, "text/css; charset=utf-8");
  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private Assets() {}

  /** The file's bytes and type, if {@code name} is one of the console's files. */
  public static Optional<Map.Entry<String, byte[]>> get(String name) {
    String type = TYPES.get(name);
    if (type == null) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(type, bytes(name)));
  }

  public static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String name) {
    return CACHE.computeIfAbsent(
        name,
        n -> {
          try (InputStream in =
              Assets.class.getResourceAsStream("/io/cardstream/console/static/" + n)) {
            if (in == null) {
              throw new IllegalStateException(
                  "the console's " + n + " is not on the classpath: build the console module");
            }
            return in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
