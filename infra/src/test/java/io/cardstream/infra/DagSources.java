package io.cardstream.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the Airflow side expects, read from its own files: the settings table of
 * airflow-dags/README.md, the {@code setting("...")} calls of the DAG sources, the watchdog's
 * stream step (jobs.py {@code stream_step} and the watchdog's call of it), its step name and the
 * jar version.
 */
final class DagSources {

  /** One row of the README's settings table. */
  record Setting(String name, String variable, String usedIn, String defaultValue) {
    boolean onAws() {
      return usedIn.contains("emr") || usedIn.contains("watchdog") || usedIn.contains("all");
    }
  }

  private static final Pattern ROW =
      Pattern.compile("^\\| `(\\w+)` \\| `(cardstream_\\w+)` \\| ([^|]+) \\| ([^|]+) \\|$");

  private final Path dags;
  private final String readme;

  DagSources(Path repo) {
    this.dags = repo.resolve("airflow-dags/dags");
    this.readme = read(repo.resolve("airflow-dags/README.md"));
  }

  List<Setting> settingsTable() {
    List<Setting> rows = new ArrayList<>();
    for (String line : readme.split("\n")) {
      Matcher m = ROW.matcher(line.strip());
      if (m.matches()) {
        rows.add(new Setting(m.group(1), m.group(2), m.group(3).strip(), m.group(4).strip()));
      }
    }
    return rows;
  }

  /** Every name the DAG sources pass to settings.setting(...). */
  Set<String> settingCalls() {
    Set<String> names = new TreeSet<>();
    for (String source : pythonSources()) {
      Matcher m = Pattern.compile("setting\\(\"(\\w+)\"").matcher(source);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Variables read directly with a default (parse-time switches such as cardstream_mode). */
  Set<String> variablesWithDefaults() {
    Set<String> names = new TreeSet<>();
    for (String source : pythonSources()) {
      Matcher m =
          Pattern.compile("Variable\\.get\\(\\s*\"(cardstream_\\w+)\",\\s*default=")
              .matcher(source);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /**
   * The watchdog's stream step: option -> the Variable that fills it (cardstream_...), or the
   * literal value for a fixed option (e.g. --source -> "kinesis").
   */
  Map<String, String> watchdogStreamOptions() {
    String jobs = read(dags.resolve("cardstream/jobs.py"));
    String body = between(jobs, "def stream_step(", "return Step(");
    String args = between(body, "args = [", "]");
    Map<String, String> paramToVariable = new LinkedHashMap<>();
    String watchdog = read(dags.resolve("cardstream_stream_watchdog.py"));
    Matcher call = WATCHDOG_SETTING.matcher(between(watchdog, "jobs.stream_step(", ")\n"));
    while (call.find()) {
      paramToVariable.put(call.group(1), "cardstream_" + call.group(2));
    }
    Map<String, String> options = new LinkedHashMap<>();
    Matcher pair = Pattern.compile("\"(--[\\w-]+)\", (\\w+|\"[^\"]*\")").matcher(args);
    while (pair.find()) {
      String value = pair.group(2);
      options.put(
          pair.group(1),
          value.startsWith("\"")
              ? value.substring(1, value.length() - 1)
              : required(paramToVariable, value));
    }
    return options;
  }

  /** {@code param=setting("name")} or {@code param=setting("name", "default")}. */
  private static final Pattern WATCHDOG_SETTING =
      Pattern.compile("(\\w+)=setting\\(\"(\\w+)\"(?:, \"([^\"]*)\")?\\)");

  /** The defaults of the watchdog's stream settings: Variable (cardstream_...) -> its default. */
  Map<String, String> watchdogDefaults() {
    String watchdog = read(dags.resolve("cardstream_stream_watchdog.py"));
    Matcher call = WATCHDOG_SETTING.matcher(between(watchdog, "jobs.stream_step(", ")\n"));
    Map<String, String> defaults = new LinkedHashMap<>();
    while (call.find()) {
      if (call.group(3) != null) {
        defaults.put("cardstream_" + call.group(2), call.group(3));
      }
    }
    return defaults;
  }

  String streamStepName() {
    return constant(read(dags.resolve("cardstream/watchdog.py")), "STREAM_STEP_NAME");
  }

  String topicsStepName() {
    return constant(read(dags.resolve("cardstream/watchdog.py")), "TOPICS_STEP_NAME");
  }

  String jarVersion() {
    return constant(read(dags.resolve("cardstream/jobs.py")), "VERSION");
  }

  private static String constant(String source, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " = \"([^\"]+)\"").matcher(source);
    if (!m.find()) {
      throw new IllegalStateException(name + " not found");
    }
    return m.group(1);
  }

  private static String required(Map<String, String> map, String key) {
    String v = map.get(key);
    if (v == null) {
      throw new IllegalStateException("the watchdog does not pass " + key + " with setting(...)");
    }
    return v;
  }

  private List<String> pythonSources() {
    try (Stream<Path> files = Files.walk(dags)) {
      return files
          .filter(f -> f.toString().endsWith(".py"))
          .sorted()
          .map(DagSources::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String between(String s, String start, String end) {
    int a = s.indexOf(start);
    if (a < 0) {
      throw new IllegalStateException("'" + start + "' not found");
    }
    int b = s.indexOf(end, a + start.length());
    return s.substring(a + start.length(), b < 0 ? s.length() : b);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
