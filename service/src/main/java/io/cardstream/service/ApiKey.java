package io.cardstream.service;

/**
 * One entry of the keys file: the key itself is never stored, only its SHA-256.
 *
 * @param id a name for logs, metrics and flags' {@code by} (not secret)
 * @param sha256 lowercase hex of SHA-256 of the key's UTF-8 bytes
 */
public record ApiKey(String id, Role role, String sha256) {

  static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

  public ApiKey {
    if (id == null || !id.matches(ID_PATTERN)) {
      throw new IllegalArgumentException(
          "key id must be 1 to 64 letters, digits, '_', '.' or '-' (starting with a letter or digit)");
    }
    if (role == null) {
      throw new IllegalArgumentException("key " + id + " has no role");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "key " + id + ": sha256 must be 64 lowercase hex characters (SHA-256 of the key)");
    }
  }
}
