package io.cardstream.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys: making them, hashing them, and the keys document ({@code {"keys": [{"id", "role",
 * "sha256"}]}}) that a keys file or a Secrets Manager secret holds. A clear key exists only in the
 * client's hands and in the return value of {@link #addKey}.
 */
public final class ApiKeys {

  /** The request header a key travels in. */
  public static final String HEADER = "x-api-key";

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A new random key: {@code cs_} and 32 random bytes, base64url. */
  public static String newKey() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "cs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Lowercase hex SHA-256 of the key's UTF-8 bytes: what the keys file stores. */
  public static String hash(String key) {
    return HexFormat.of().formatHex(digest(key));
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /**
   * The entry whose hash is the key's. Every entry is compared, in constant time, so the answer's
   * timing says nothing about how close a guess was or which entry matched.
   */
  static Optional<ApiKey> match(List<ApiKey> keys, String clearKey) {
    byte[] h = digest(clearKey);
    ApiKey found = null;
    for (ApiKey k : keys) {
      if (MessageDigest.isEqual(HexFormat.of().parseHex(k.sha256()), h) && found == null) {
        found = k;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Parses a keys document.
   *
   * @throws IllegalArgumentException naming {@code source} and what is wrong
   */
  public static List<ApiKey> parse(String json, String source) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not valid JSON", e);
    }
    if (root == null || !root.path("keys").isArray()) {
      throw new IllegalArgumentException(
          source + " must be {\"keys\": [{\"id\": ..., \"role\": ..., \"sha256\": ...}]}");
    }
    List<ApiKey> keys = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (JsonNode k : root.get("keys")) {
      ApiKey key;
      try {
        key =
            new ApiKey(
                k.path("id").asText(null),
                Role.parse(k.path("role").asText("")),
                k.path("sha256").asText(null));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
      if (!ids.add(key.id())) {
        throw new IllegalArgumentException(source + ": key id '" + key.id() + "' appears twice");
      }
      if (!hashes.add(key.sha256())) {
        throw new IllegalArgumentException(
            source + ": key '" + key.id() + "' has the same hash as another key");
      }
      keys.add(key);
    }
    return List.copyOf(keys);
  }

  public static String toJson(List<ApiKey> keys) {
    ObjectNode root = Json.object();
    ArrayNode arr = root.putArray("keys");
    for (ApiKey k : keys) {
      arr.addObject().put("id", k.id()).put("role", k.role().wireName()).put("sha256", k.sha256());
    }
    return root.toPrettyString() + "\n";
  }

  /**
   * Adds a new key to a keys file (created when missing), written atomically with permissions 600;
   * a running server picks it up within a second.
   *
   * @return the new clear key: show it once, it is not stored anywhere
   * @throws IllegalArgumentException when the id is taken or invalid, the role unknown, or the
   *     existing file is not a keys document
   */
  public static String addKey(Path file, String id, String role) {
    List<ApiKey> keys = new ArrayList<>(read(file));
    if (keys.stream().anyMatch(k -> k.id().equals(id))) {
      throw new IllegalArgumentException(
          "key id '" + id + "' already exists in " + file + "; pick another id or remove it");
    }
    String key = newKey();
    keys.add(new ApiKey(id, Role.parse(role), hash(key)));
    write(file, keys);
    return key;
  }

  /**
   * Removes a key (the last step of a rotation).
   *
   * @return whether the file held it
   */
  public static boolean removeKey(Path file, String id) {
    List<ApiKey> keys = new ArrayList<>(read(file));
    boolean removed = keys.removeIf(k -> k.id().equals(id));
    if (removed) {
      write(file, keys);
    }
    return removed;
  }

  private static List<ApiKey> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Writes the document next to the file, then renames it over: readers never see half. */
  static void write(Path file, List<ApiKey> keys) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp =
          FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
              ? Files.createTempFile(
                  dir,
                  ".api-keys-",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(dir, ".api-keys-", ".tmp");
      try {
        Files.writeString(tmp, toJson(keys));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
