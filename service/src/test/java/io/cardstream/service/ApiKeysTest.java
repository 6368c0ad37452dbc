package io.cardstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

  @TempDir Path dir;

  @Test
  void theHashIsHexSha256OfTheKey() {
    // The FIPS 180-2 test vector.
    assertThat(ApiKeys.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void newKeysAreRandomAndUrlSafe() {
    String a = ApiKeys.newKey();
    String b = ApiKeys.newKey();

    assertThat(a).matches("cs_[A-Za-z0-9_-]{43}").isNotEqualTo(b);
  }

  @Test
  void addKeyWritesOnlyTheHashWithOwnerOnlyPermissionsAndReturnsTheKey() throws Exception {
    Path file = dir.resolve("sub/keys.json");

    String k1 = ApiKeys.addKey(file, "shop", "collector");
    String k2 = ApiKeys.addKey(file, "ops", "admin");

    String content = Files.readString(file);
    assertThat(content).doesNotContain(k1).doesNotContain(k2).contains(ApiKeys.hash(k1));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    List<ApiKey> keys = ApiKeys.parse(content, "f");
    assertThat(keys)
        .containsExactly(
            new ApiKey("shop", Role.COLLECTOR, ApiKeys.hash(k1)),
            new ApiKey("ops", Role.ADMIN, ApiKeys.hash(k2)));
    assertThat(ApiKeys.match(keys, k2)).hasValue(keys.get(1));
    assertThat(ApiKeys.match(keys, k2 + "x")).isEmpty();
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keys.json");
    }
  }

  @Test
  void addKeyRefusesATakenIdOrAnUnknownRole() {
    Path file = dir.resolve("keys.json");
    ApiKeys.addKey(file, "shop", "collector");

    assertThatThrownBy(() -> ApiKeys.addKey(file, "shop", "admin"))
        .hasMessageContaining("key id 'shop' already exists");
    assertThatThrownBy(() -> ApiKeys.addKey(file, "x", "root"))
        .hasMessageContaining("unknown role 'root'");
    assertThatThrownBy(() -> ApiKeys.addKey(file, "bad id", "admin"))
        .hasMessageContaining("key id must be");
  }

  @Test
  void removeKeyDropsOneEntry() {
    Path file = dir.resolve("keys.json");
    String keep = ApiKeys.addKey(file, "a", "collector");
    ApiKeys.addKey(file, "b", "collector");

    assertThat(ApiKeys.removeKey(file, "b")).isTrue();
    assertThat(ApiKeys.removeKey(file, "b")).isFalse();
    assertThat(ReloadingKeyStore.ofFile(file).keys())
        .containsExactly(new ApiKey("a", Role.COLLECTOR, ApiKeys.hash(keep)));
  }

  @Test
  void invalidDocumentsSayWhatIsWrongWithoutTheHash() {
    String hash = ApiKeys.hash("k");
    assertThatThrownBy(() -> ApiKeys.parse("{\"keys\": 1}", "f.json"))
        .hasMessageStartingWith("f.json must be {\"keys\"");
    assertThatThrownBy(() -> ApiKeys.parse("nope", "f.json"))
        .hasMessage("f.json is not valid JSON");
    assertThatThrownBy(
            () ->
                ApiKeys.parse(
                    "{\"keys\": [{\"id\": \"a\", \"role\": \"admin\", \"sha256\": \"ABC\"}]}", "f"))
        .hasMessageContaining("sha256 must be 64 lowercase hex");
    String twice =
        "{\"keys\": [{\"id\": \"a\", \"role\": \"admin\", \"sha256\": \""
            + hash
            + "\"}, {\"id\": \"b\", \"role\": \"collector\", \"sha256\": \""
            + hash
            + "\"}]}";
    assertThatThrownBy(() -> ApiKeys.parse(twice, "f"))
        .hasMessage("f: key 'b' has the same hash as another key");
  }
}
