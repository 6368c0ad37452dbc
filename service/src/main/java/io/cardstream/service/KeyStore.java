package io.cardstream.service;

import java.util.List;
import java.util.Optional;

/** The API keys a server accepts now. */
public interface KeyStore {

  /** The entry of a clear key, if it is one of the current keys. */
  Optional<ApiKey> authenticate(String clearKey);

  /** The current entries (ids, roles and hashes; no clear key). */
  List<ApiKey> keys();
}
