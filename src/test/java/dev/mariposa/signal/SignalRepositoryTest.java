package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signal's recorded outcome: a later attempt at the same signal (it came back because something
 * after its record failed) never turns "sent" into another status, while other outcomes are
 * replaced (a signal rejected, then approved on its next attempt, ends sent).
 */
class SignalRepositoryTest {
  private static final long NOW = 1726876800000L;
  @TempDir
  Path dir;

  @Test
  void sentIsKeptAndOtherOutcomesAreReplaced() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("node", Map.of("ROLES", "http"));
      SignalRepository signals = new SignalRepository(node.platform().mongo());
      long now = System.currentTimeMillis();
      Signal traded = signal("repo-a", now);
      Signal retried = signal("repo-b", now);

      assertThat(signals.record(traded, "sent", "approved", "trade 1-0", NOW).await()).isTrue();
      assertThat(signals.record(traded, "expired", "expiry", "expired 30 s before it was taken", NOW).await()).isFalse();
      assertThat(signals.record(traded, "sent", "approved", "trade 2-0", NOW).await()).isFalse();
      assertThat(status(signals, traded)).containsEntry("status", "sent").containsEntry("reason", "trade 1-0");

      assertThat(signals.record(retried, "rejected", "stale_market_data", "ticker 9 s old", NOW).await()).isTrue();
      assertThat(signals.record(retried, "sent", "approved", "trade 3-0", NOW).await()).isTrue();
      assertThat(status(signals, retried)).containsEntry("status", "sent").containsEntry("reason", "trade 3-0");
    }
  }

  private static Signal signal(String agentId, long now) {
    return new Signal(agentId + ":BTCUSDT:api:" + now, agentId, "BTCUSDT", Signal.Action.BUY, 0.8,
        Signal.API_PRIORITY, 63_000.0, now, Signal.Source.API, now, now + 30_000, List.of("test"));
  }

  private static Map<String, Object> status(SignalRepository signals, Signal signal) {
    List<JsonObject> history = signals.history(signal.agentId(), 10).await();
    assertThat(history).hasSize(1);
    return history.get(0).getMap();
  }
}
