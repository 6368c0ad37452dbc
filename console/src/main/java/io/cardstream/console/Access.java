package io.cardstream.console;

import io.cardstream.service.ApiKey;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.KeyStore;
import io.cardstream.service.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may look: an operator key, the collector's kind (the same keys document, docs/ingest.md),
 * with role {@code admin} or {@code analyst}. Given per request in the {@value ApiKeys#HEADER}
 * header, or once in the login form, which starts a session: a random token in an HttpOnly,
 * SameSite=Strict cookie, kept in memory as its hash. A session ends at logout, after its lifetime,
 * or as soon as its key is no longer in the keys document (rotation, removal).
 */
public final class Access {

  /** The roles the console accepts. */
  public static final Set<Role> ROLES = Set.of(Role.ADMIN, Role.ANALYST);

  public static final String COOKIE = "cardstream_console";

  /**
   * @param csrf the session's form token: every form that changes something carries it, and a POST
   *     without it is refused (SameSite=Strict aside, a forged form cannot know it)
   */
  private record Session(ApiKey key, Instant expires, String csrf) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_SESSIONS = 10_000;

  private final KeyStore keys;
  private final Duration lifetime;
  private final Clock clock;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /**
   * @param keys the keys in force: the reloading key store, or a fixed list in tests
   */
  public Access(KeyStore keys, Duration lifetime, Clock clock) {
    this.keys = keys;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** The key's entry, when it is a current key with an operator role. */
  public Optional<ApiKey> byKey(String clearKey) {
    if (clearKey == null || clearKey.isBlank()) {
      return Optional.empty();
    }
    return keys.authenticate(clearKey.trim()).filter(k -> ROLES.contains(k.role()));
  }

  /** A new session for an operator key: the cookie's token; empty when the key is refused. */
  public Optional<String> login(String clearKey) {
    Optional<ApiKey> k = byKey(clearKey);
    if (k.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> s.expires().isBefore(now));
    }
    if (sessions.size() >= MAX_SESSIONS) {
      return Optional.empty();
    }
    String token = random();
    sessions.put(ApiKeys.hash(token), new Session(k.get(), now.plus(lifetime), random()));
    return Optional.of(token);
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The session's key, while the session and its key are both valid. */
  public Optional<ApiKey> bySession(String token) {
    return session(token).map(Session::key);
  }

  /** The session's form token, while the session is valid; none for a key given per request. */
  public Optional<String> csrf(String token) {
    return session(token).map(Session::csrf);
  }

  /** True when {@code form} is the valid session's form token (compared in constant time). */
  public boolean csrfMatches(String token, String form) {
    return form != null
        && csrf(token)
            .map(
                t ->
                    MessageDigest.isEqual(
                        t.getBytes(StandardCharsets.UTF_8), form.getBytes(StandardCharsets.UTF_8)))
            .orElse(false);
  }

  private Optional<Session> session(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    String h = ApiKeys.hash(token);
    Session s = sessions.get(h);
    if (s == null) {
      return Optional.empty();
    }
    if (s.expires().isBefore(clock.instant())
        || keys.keys().stream().noneMatch(k -> k.sha256().equals(s.key().sha256()))) {
      sessions.remove(h);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  public void logout(String token) {
    if (token != null && !token.isBlank()) {
      sessions.remove(ApiKeys.hash(token));
    }
  }
}
