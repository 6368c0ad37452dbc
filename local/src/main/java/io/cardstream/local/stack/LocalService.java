package io.cardstream.local.stack;

import io.cardstream.service.JvmLauncher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service of the local stack, as its supervisor ({@link LocalStack}) sees it: its name, the
 * ports it listens on, the command that starts it and when it is ready. The supervisor keeps the
 * state file, the start order, the wait and the stop.
 */
public abstract class LocalService {

  /** The stack this service is part of: its ports, home and state layout. */
  protected final StackConfig config;

  private final String name;
  private final int port;
  private final List<Path> needs;

  /**
   * @param needs files the build makes that it needs (classpaths, scripts)
   */
  protected LocalService(StackConfig config, String name, int port, Path... needs) {
    this.config = config;
    this.name = name;
    this.port = port;
    this.needs = List.of(needs);
  }

  public final String name() {
    return name;
  }

  /** Its port on 127.0.0.1. */
  public final int port() {
    return port;
  }

  /** Every port it listens on, by what the error names when one is taken. */
  Map<String, Integer> listens() {
    return Map.of(name, port);
  }

  /** How a user picks other ports, for the error when one is taken. */
  String portOptions() {
    return "other ports (--kafka-port/--dynamodb-port/--postgres-port/--s3-port/--collector-port/"
        + "--smtp-port/--kinesis-port or CARDSTREAM_*_PORT)";
  }

  /** Files the build makes that it needs (classpaths, scripts). */
  final List<Path> needs() {
    return needs;
  }

  /**
   * Its command line, run in {@code data}; writes its configuration files there first.
   *
   * @param fresh on empty data (a restart keeps the data: Kafka's log is formatted already)
   */
  abstract List<String> command(Path data, boolean fresh) throws IOException;

  /** True once it answers a real request, not just once its port is open. */
  abstract boolean ready() throws Exception;

  Duration readyTimeout() {
    return Duration.ofSeconds(90);
  }

  /** Runs once it is ready (Kinesis: its stream). */
  void whenReady() {}

  /** Runs after its process stopped (PostgreSQL: a postmaster its JVM left behind). */
  void afterStop(PrintStream out) {}

  /** A JVM of a main class of this module ({@code local}) taking its port and a directory. */
  List<String> localMain(Class<?> main, String heap, Path dir) throws IOException {
    return JvmLauncher.of(main.getName())
        .small()
        .heap(heap)
        .module(config.home(), "local")
        .args(String.valueOf(port), dir.toString())
        .command();
  }
}
