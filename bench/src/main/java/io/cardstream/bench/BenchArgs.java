package io.cardstream.bench;

/** The benchmarks' command-line options: {@code --name value} pairs with defaults. */
final class BenchArgs {

  private BenchArgs() {}

  /** The integer after {@code name}, or {@code fallback} when the option is absent. */
  static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
