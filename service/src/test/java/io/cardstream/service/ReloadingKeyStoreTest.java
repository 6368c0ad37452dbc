package io.cardstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedList;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeyStoreTest {

  @TempDir Path dir;
  final AtomicLong clock = new AtomicLong(10_000);

  ReloadingKeyStore fileStore(Path file) {
    return new ReloadingKeyStore(new KeySource.FileSource(file), Duration.ofSeconds(1), clock::get);
  }

  @Test
  void authenticatesKnownKeysWithTheirRole() {
    Path file = dir.resolve("keys.json");
    String collector = ApiKeys.addKey(file, "shop", "collector");
    String analyst = ApiKeys.addKey(file, "an", "analyst");
    ReloadingKeyStore store = fileStore(file);

    assertThat(store.authenticate(collector).map(ApiKey::role)).hasValue(Role.COLLECTOR);
    assertThat(store.authenticate(analyst).map(ApiKey::id)).hasValue("an");
    assertThat(store.authenticate("cs_unknown")).isEmpty();
    assertThat(store.authenticate("")).isEmpty();
  }

  @Test
  void aRewrittenFileIsPickedUpAtTheNextCheckNotBefore() {
    Path file = dir.resolve("keys.json");
    String old = ApiKeys.addKey(file, "old", "collector");
    ReloadingKeyStore store = fileStore(file);

    String fresh = ApiKeys.addKey(file, "new", "collector");
    ApiKeys.removeKey(file, "old");

    // Checked at most once per second: within the second the old keys are still in force.
    clock.addAndGet(999);
    assertThat(store.authenticate(fresh)).isEmpty();
    assertThat(store.authenticate(old)).isPresent();
    clock.addAndGet(1);
    assertThat(store.authenticate(fresh).map(ApiKey::id)).hasValue("new");
    assertThat(store.authenticate(old)).isEmpty();
  }

  @Test
  void anInvalidOrMissingFileKeepsTheLastValidKeysUntilItIsFixed() throws IOException {
    Path file = dir.resolve("keys.json");
    String key = ApiKeys.addKey(file, "shop", "collector");
    ReloadingKeyStore store = fileStore(file);

    Files.writeString(file, "{\"keys\": [ half written");
    clock.addAndGet(1000);
    assertThat(store.authenticate(key)).isPresent();

    Files.delete(file);
    clock.addAndGet(1000);
    assertThat(store.authenticate(key)).isPresent();

    String other = ApiKeys.addKey(file, "other", "admin");
    clock.addAndGet(1000);
    assertThat(store.authenticate(key)).isEmpty();
    assertThat(store.authenticate(other)).isPresent();
  }

  @Test
  void startingWithoutValidKeysIsAnErrorThatSaysWhere() throws IOException {
    Path missing = dir.resolve("none.json");
    assertThatThrownBy(() -> fileStore(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys file " + missing + " does not exist");
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"keys\": [{\"id\": \"a\"}]}");
    assertThatThrownBy(() -> fileStore(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown role ''");
  }

  /** A secret whose versions the test hands out, as Secrets Manager would. */
  static final class FakeSecret implements KeySource {
    // null stands for a failed read (LinkedList takes nulls).
    final Deque<Optional<String>> reads = new LinkedList<>();
    int calls;

    @Override
    public String name() {
      return "secret test";
    }

    @Override
    public Optional<String> readIfChanged() throws IOException {
      calls++;
      Optional<String> r = reads.isEmpty() ? Optional.empty() : reads.pop();
      if (r == null) {
        throw new IOException("throttled");
      }
      return r;
    }

    @Override
    public void accept() {}
  }

  @Test
  void aSecretIsReadAgainOnlyAfterItsInterval() {
    String k1 = ApiKeys.newKey();
    String k2 = ApiKeys.newKey();
    FakeSecret secret = new FakeSecret();
    secret.reads.add(Optional.of(ApiKeys.toJson(java.util.List.of(key("a", k1)))));
    ReloadingKeyStore store = new ReloadingKeyStore(secret, Duration.ofSeconds(60), clock::get);
    secret.reads.add(Optional.empty());
    secret.reads.add(null);
    secret.reads.add(Optional.of(ApiKeys.toJson(java.util.List.of(key("b", k2)))));

    assertThat(store.authenticate(k1)).isPresent();
    clock.addAndGet(59_999);
    store.authenticate(k1);
    assertThat(secret.calls).isEqualTo(1);
    clock.addAndGet(1);
    assertThat(store.authenticate(k1)).isPresent(); // unchanged
    clock.addAndGet(60_000);
    assertThat(store.authenticate(k1)).isPresent(); // read failed: keys kept
    clock.addAndGet(60_000);
    assertThat(store.authenticate(k1)).isEmpty();
    assertThat(store.authenticate(k2)).isPresent();
    assertThat(secret.calls).isEqualTo(4);
  }

  private static ApiKey key(String id, String clear) {
    return new ApiKey(id, Role.COLLECTOR, ApiKeys.hash(clear));
  }
}
