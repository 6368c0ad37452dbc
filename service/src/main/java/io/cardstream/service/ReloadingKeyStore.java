package io.cardstream.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a {@link KeySource}, re-read when it changes, so keys rotate without a restart. The
 * source is checked on the request path at most once per interval, by one request at a time; the
 * others go on with the keys they have. A document that turns invalid is refused with a warning and
 * the last valid keys stay in force (a typo must not lock every client out).
 */
public final class ReloadingKeyStore implements KeyStore, AutoCloseable {

  /** How often a keys file is checked. */
  public static final Duration FILE_INTERVAL = Duration.ofSeconds(1);

  /** How often a Secrets Manager secret is read. */
  public static final Duration SECRET_INTERVAL = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyStore.class);

  private final KeySource source;
  private final long intervalMillis;
  private final LongSupplier clockMillis;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile List<ApiKey> keys;
  private volatile long nextCheck;
  private String lastWarning;

  ReloadingKeyStore(KeySource source, Duration interval, LongSupplier clockMillis) {
    this.source = source;
    this.intervalMillis = interval.toMillis();
    this.clockMillis = clockMillis;
    try {
      String doc =
          source.readIfChanged().orElseThrow(() -> new IOException(source.name() + " is empty"));
      this.keys = ApiKeys.parse(doc, source.name());
      source.accept();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot load the API keys: "
              + e.getMessage()
              + " (a keys document is {\"keys\": [{\"id\", \"role\", \"sha256\"}]};"
              + " docs/ingest.md shows how to make one)",
          e);
    }
    this.nextCheck = clockMillis.getAsLong() + intervalMillis;
  }

  /**
   * A keys file, checked every second.
   *
   * @throws IllegalArgumentException when it is missing or not a valid keys document
   */
  public static ReloadingKeyStore ofFile(Path file) {
    return new ReloadingKeyStore(
        new KeySource.FileSource(file), FILE_INTERVAL, System::currentTimeMillis);
  }

  /** A Secrets Manager secret, read every 60 s. */
  public static ReloadingKeyStore ofSecret(String secretId, String region) {
    return new ReloadingKeyStore(
        new KeySource.SecretSource(secretId, region), SECRET_INTERVAL, System::currentTimeMillis);
  }

  @Override
  public Optional<ApiKey> authenticate(String clearKey) {
    refreshIfDue();
    return ApiKeys.match(keys, clearKey);
  }

  @Override
  public List<ApiKey> keys() {
    refreshIfDue();
    return keys;
  }

  private void refreshIfDue() {
    long now = clockMillis.getAsLong();
    if (now < nextCheck || !lock.tryLock()) {
      return;
    }
    try {
      if (now < nextCheck) {
        return;
      }
      nextCheck = now + intervalMillis;
      Optional<String> doc = source.readIfChanged();
      if (doc.isPresent()) {
        List<ApiKey> fresh = ApiKeys.parse(doc.get(), source.name());
        source.accept();
        keys = fresh;
        lastWarning = null;
        LOG.info("API keys reloaded from {}: {} keys", source.name(), fresh.size());
      }
    } catch (IOException | RuntimeException e) {
      // The message names the source and the entry, never a key or a hash. Said once per cause.
      if (!String.valueOf(e.getMessage()).equals(lastWarning)) {
        lastWarning = String.valueOf(e.getMessage());
        LOG.warn("API keys not reloaded, the previous keys stay in force: {}", lastWarning);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    source.close();
  }
}
