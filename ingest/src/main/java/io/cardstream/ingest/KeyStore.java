package io.cardstream.ingest;

import java.util.Optional;

/** The API keys the collector accepts now. */
public interface KeyStore {

  /** The entry of a clear key, if it is one of the current keys. */
  Optional<ApiKey> authenticate(String clearKey);
}
