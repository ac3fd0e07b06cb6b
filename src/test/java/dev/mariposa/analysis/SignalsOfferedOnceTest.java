package dev.mariposa.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.signal.Signals;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With two instances running the analysis and signal roles, each bar's result is offered to the
 * signal queue once, by the instance that claimed its analysis: no instance offers the other's
 * results again (each such offer would be refused as a duplicate, {@code mariposa.signals{status=duplicate}}).
 */
class SignalsOfferedOnceTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";

  @TempDir
  Path dir;

  private TestCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(90)
  void eachResultIsOfferedOnceByTheInstanceThatAnalysedIt() {
    Path day = SharedData.require(DAY);
    cluster = new TestCluster(dir);
    List<Mariposa> nodes = List.of(
        cluster.start("a1", Map.of("ROLES", "analysis,signal", "SYMBOLS", "BTCUSDT")),
        cluster.start("a2", Map.of("ROLES", "analysis,signal", "SYMBOLS", "BTCUSDT")));
    List<AnalysisResult> results = new CopyOnWriteArrayList<>();
    nodes.get(0).vertx().eventBus().<AnalysisResult>consumer(Addresses.analysis("momentum-1m"), m -> results.add(m.body()));
    Mariposa feed = cluster.start("feed", Map.of("ROLES", "feed", "MARKET_SOURCE", "replay",
        "REPLAY_FILES", day.toString(), "REPLAY_SPEED", "3000", "SYMBOLS", "BTCUSDT"));

    Eventually.within(Duration.ofSeconds(30), () -> "buy or sell results, have " + results.size() + " results",
        () -> results.size() >= 100 && actionable(results).size() >= 3);
    feed.stop(); // no more bars: the counts settle

    Eventually.within(Duration.ofSeconds(20), () -> "every buy or sell result offered once: " + actionable(results).size()
            + " such results, " + distinct(results) + " signals; queued " + sum(nodes, "queued") + ", refused as duplicates "
            + sum(nodes, "duplicate"),
        () -> sum(nodes, "queued") == distinct(results)
            && sum(nodes, "queued") + sum(nodes, "duplicate") == actionable(results).size());
    assertThat(results).extracting(AnalysisResult::instance).containsOnly("a1", "a2");
    assertThat(sum(nodes, "duplicate")).isZero();
  }

  private static List<AnalysisResult> actionable(List<AnalysisResult> results) {
    return results.stream().filter(r -> Signals.fromAnalysis(r, 0, Duration.ofMinutes(1)).isPresent()).toList();
  }

  /** Distinct signal ids: a bar analysed twice (a warm-up and its close) makes one signal. */
  private static long distinct(List<AnalysisResult> results) {
    return actionable(results).stream().map(r -> Signals.fromAnalysis(r, 0, Duration.ofMinutes(1)).orElseThrow().id())
        .distinct().count();
  }

  private static long sum(List<Mariposa> nodes, String status) {
    return nodes.stream().mapToLong(node -> {
      Counter counter = node.services().registry().find("mariposa.signals").tag("status", status).counter();
      return counter == null ? 0 : (long) counter.count();
    }).sum();
  }
}
