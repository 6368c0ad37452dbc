package io.cardstream.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.service.ApiKey;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.KeyStore;
import io.cardstream.service.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTest {

  private final String analyst = ApiKeys.newKey();
  private final String admin = ApiKeys.newKey();
  private final String collector = ApiKeys.newKey();
  private final List<ApiKey> current =
      new ArrayList<>(
          List.of(
              new ApiKey("a", Role.ANALYST, ApiKeys.hash(analyst)),
              new ApiKey("b", Role.ADMIN, ApiKeys.hash(admin)),
              new ApiKey("c", Role.COLLECTOR, ApiKeys.hash(collector))));
  private Instant now = Instant.parse("2026-12-01T10:00:00Z");

  private final Access access =
      new Access(
          new KeyStore() {
            @Override
            public Optional<ApiKey> authenticate(String clearKey) {
              String h = ApiKeys.hash(clearKey);
              return current.stream().filter(k -> k.sha256().equals(h)).findFirst();
            }

            @Override
            public List<ApiKey> keys() {
              return List.copyOf(current);
            }
          },
          Duration.ofHours(8),
          new Clock() {
            @Override
            public Instant instant() {
              return now;
            }

            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }
          });

  @Test
  void onlyOperatorRolesGetASession() {
    assertThat(access.login(analyst)).isPresent();
    assertThat(access.login(admin)).isPresent();
    assertThat(access.login(collector)).isEmpty();
    assertThat(access.login("not-a-key")).isEmpty();
    assertThat(access.login(" ")).isEmpty();
    assertThat(access.byKey(collector)).isEmpty();
    assertThat(access.byKey(" " + admin + "\n")).map(ApiKey::id).contains("b");
  }

  @Test
  void eachSessionHasItsOwnFormTokenThatEndsWithIt() {
    String one = access.login(analyst).orElseThrow();
    String two = access.login(analyst).orElseThrow();
    String csrf = access.csrf(one).orElseThrow();
    assertThat(csrf).hasSizeGreaterThan(40).isNotEqualTo(access.csrf(two).orElseThrow());
    assertThat(access.csrfMatches(one, csrf)).isTrue();
    assertThat(access.csrfMatches(two, csrf)).isFalse();
    assertThat(access.csrfMatches(one, csrf + "x")).isFalse();
    assertThat(access.csrfMatches(one, null)).isFalse();
    assertThat(access.csrfMatches(null, csrf)).isFalse();
    access.logout(one);
    assertThat(access.csrf(one)).isEmpty();
    assertThat(access.csrfMatches(one, csrf)).isFalse();
  }

  @Test
  void aSessionEndsAtLogoutAfterItsLifetimeAndWhenItsKeyIsRemoved() {
    String one = access.login(analyst).orElseThrow();
    String two = access.login(analyst).orElseThrow();
    String three = access.login(admin).orElseThrow();
    assertThat(one).isNotEqualTo(two);
    assertThat(access.bySession(one)).map(ApiKey::id).contains("a");

    access.logout(one);
    assertThat(access.bySession(one)).isEmpty();
    assertThat(access.bySession(two)).isPresent();

    current.removeIf(k -> k.id().equals("a")); // the analyst's key was rotated away
    assertThat(access.bySession(two)).isEmpty();

    now = now.plus(Duration.ofHours(8)).plusSeconds(1);
    assertThat(access.bySession(three)).isEmpty();
    assertThat(access.bySession("forged")).isEmpty();
    assertThat(access.bySession(null)).isEmpty();
  }

  @Test
  void theLoginRedirectStaysOnTheConsole() {
    assertThat(Login.next("/cases?order=amount")).isEqualTo("/cases?order=amount");
    assertThat(Login.next("https://evil.example/")).isEqualTo("/stream");
    assertThat(Login.next("//evil.example/")).isEqualTo("/stream");
    assertThat(Login.next("/\\\\evil.example")).isEqualTo("/stream");
    assertThat(Login.next("/login?next=/x")).isEqualTo("/stream");
    assertThat(Login.next(null)).isEqualTo("/stream");
  }

  @Test
  void theLoginRedirectRefusesEveryWayOutOfTheConsole() {
    String[] hostile = {
      "//evil.example",
      "/\\evil.example",
      "\\/evil.example",
      "/%2F%2Fevil.example",
      "/%2f/evil.example",
      "/%5Cevil.example",
      "/%252F%252Fevil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " /stream",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\nSet-Cookie: x=1",
      "/%0d%0aSet-Cookie:%20x=1",
      "/stream\u0000",
      "/ /evil.example",
      "/cases/..//evil.example",
      "/./evil.example",
      "/stream/..",
      "/%2E%2E/login",
      "/\u3002evil.example",
      "/stream#x",
      "/\"><script>",
      "/LOGIN/..",
      "",
      "stream",
    };
    for (String next : hostile) {
      assertThat(Login.next(next)).as(next).isEqualTo("/stream");
    }
    for (String local :
        new String[] {
          "/decisions",
          "/cases/t-1.a:b_c",
          "/cases?order=amount",
          "/stream?refresh=10",
          "/topics/decisions.approved",
          "/nightly/models/v20240304-020000",
          "/cases/caf%C3%A9",
        }) {
      assertThat(Login.next(local)).as(local).isEqualTo(local);
    }
  }
}
