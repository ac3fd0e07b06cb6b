package dev.mariposa.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.command.UsageException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trial store: lines as they come, resumed under the same identity, a torn last line dropped, another identity refused. */
class TrialStoreTest {
  private static final JsonObject IDENTITY = new JsonObject().put("agent", "tech").put("space", new JsonObject().put("a", 1));

  @TempDir
  Path dir;

  private static Trial trial(String key, double score) {
    return new Trial("all", key, new JsonObject().put("minConfidence", 0.5), score, null,
        new JsonObject().put("returnPct", score).put("roundTrips", 3), null, 12, null);
  }

  @Test
  void resumesTheKnownTrialsAndDropsATornLastLine() throws Exception {
    try (TrialStore store = TrialStore.open(dir, IDENTITY, false)) {
      assertThat(store.resumed()).isZero();
      store.add(trial("0-0", 1.5));
      store.add(trial("0-1", -0.25));
      store.add(trial("0-1", 9)); // known already: not written twice
      store.add(new Trial("w1-test", "0-1", new JsonObject(), null, null, null, "invalid agent: x", 1, null));
    }
    Path file = dir.resolve(TrialStore.TRIALS);
    assertThat(Files.readAllLines(file)).hasSize(3);
    String torn = trial("1-0", 7).toJson().encode();
    Files.writeString(file, torn.substring(0, torn.length() / 2), StandardOpenOption.APPEND); // killed mid-line

    try (TrialStore store = TrialStore.open(dir, IDENTITY.copy(), false)) {
      assertThat(store.resumed()).isEqualTo(3);
      assertThat(store.hadTornLine()).isTrue();
      assertThat(store.get("all", "0-0")).get().extracting(Trial::score).isEqualTo(1.5);
      assertThat(store.get("all", "0-1")).get().extracting(Trial::score).isEqualTo(-0.25);
      assertThat(store.get("w1-test", "0-1")).get().extracting(Trial::status).isEqualTo(Trial.FAILED);
      assertThat(store.get("all", "1-0")).isEmpty();
      store.add(trial("1-0", 7));
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(4);
    lines.forEach(line -> assertThat(new JsonObject(line).getString("key")).isNotNull()); // every line whole again
    try (TrialStore store = TrialStore.open(dir, IDENTITY, false)) {
      assertThat(store.resumed()).isEqualTo(4);
      assertThat(store.hadTornLine()).isFalse();
      assertThat(store.all()).extracting(Trial::key).containsExactly("0-0", "0-1", "0-1", "1-0");
    }
  }

  @Test
  void anotherIdentityIsRefusedUnlessFresh() throws Exception {
    try (TrialStore store = TrialStore.open(dir, IDENTITY, false)) {
      store.add(trial("0-0", 1));
    }
    JsonObject other = IDENTITY.copy().put("space", new JsonObject().put("a", 2));
    assertThatThrownBy(() -> TrialStore.open(dir, other, false)).isInstanceOf(UsageException.class)
        .hasMessageContaining("holds the trials of another run (it differs in space)").hasMessageContaining("--fresh");
    try (TrialStore store = TrialStore.open(dir, other, true)) {
      assertThat(store.resumed()).isZero();
    }
    assertThat(Files.readString(dir.resolve(TrialStore.TRIALS))).isEmpty();
    assertThat(new JsonObject(Files.readString(dir.resolve(TrialStore.RUN)))).isEqualTo(other);
  }

  @Test
  void trialsWithoutTheirIdentityAreRefused() throws Exception {
    Files.writeString(dir.resolve(TrialStore.TRIALS), trial("0-0", 1).toJson().encode() + "\n");
    assertThatThrownBy(() -> TrialStore.open(dir, IDENTITY, false)).hasMessageContaining("no run.json");
  }
}
