package io.cardstream.service;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one server of the project: a Javalin server on the configured host and port, which says
 * {@code "<name> listening on http://<host>:<port> (...)"} once it listens (the local stack waits
 * for that line) and, when stopped, closes what the server gave it to own.
 */
public final class WebServer {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private final String name;
  private final ServerConfig config;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private Javalin app;

  /**
   * @param name what the log calls the server ("collector", "console")
   */
  public WebServer(String name, ServerConfig config) {
    this.name = name;
    this.config = config;
  }

  /** Closed by {@link #stop}, in the order given, after the server stopped listening. */
  public synchronized <T extends AutoCloseable> T own(T resource) {
    if (resource != null) {
      owned.add(resource);
    }
    return resource;
  }

  /**
   * Starts listening.
   *
   * @param setup the server's routes and settings
   * @param detail what the listening line says in brackets (the server's limits or sources)
   * @return the bound port (the chosen one when the config says 0)
   */
  public synchronized int start(Consumer<JavalinConfig> setup, String detail) {
    if (app != null) {
      throw new IllegalStateException("the " + name + " is already started");
    }
    app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.startup.showOldJavalinVersionWarning = false;
              setup.accept(c);
            });
    app.start(config.host(), config.port());
    LOG.info("{} listening on http://{}:{} ({})", name, config.host(), app.port(), detail);
    return app.port();
  }

  /**
   * Stops listening, then closes what it owns; one that fails to close is logged and the others are
   * still closed. Closing twice closes nothing twice.
   */
  public synchronized void stop() {
    if (app != null) {
      app.stop();
      app = null;
    }
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
    owned.clear();
    LOG.info("{} stopped", name);
  }

  /**
   * Jetty's own refusals (a bad request line, headers too large), which no route sees, as JSON
   * errors instead of Jetty's HTML page; a 5xx of Jetty's becomes {@code internalError}.
   */
  public static void jsonErrors(JavalinConfig c, Reply internalError) {
    c.jetty.modifyServer(s -> s.setErrorHandler(new JsonErrorHandler(internalError)));
  }
}
