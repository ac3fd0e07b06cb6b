package dev.mariposa.market.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.market.Kline;
import dev.mariposa.market.KlineAggregator;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay of a real data.binance.vision file: BTCUSDT 1m bars of 2024-09-21. */
class KlineReplayTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final String MONTH = "binance/klines/BTCUSDT-1h-2024-08.csv";

  @TempDir
  Path dir;

  @Test
  void readsTheFileInMillisecondsOrMicroseconds() throws IOException {
    Path file = SharedData.require(DAY);
    List<Kline> bars = KlineCsv.read(file);
    assertThat(bars).hasSize(1440);
    assertThat(bars.get(0).openTime()).isEqualTo(1726876800000L);
    assertThat(bars.get(0).open()).isEqualByComparingTo("63201.05");
    assertThat(bars.get(0).closeTime() - bars.get(0).openTime()).isEqualTo(59_999);
    assertThat(bars).allMatch(Kline::closed);

    // The same day as a 2025-style file: microsecond timestamps.
    Path micros = dir.resolve("BTCUSDT-1m-2025-01-01.csv");
    Files.write(micros, Files.readAllLines(file).stream().map(line -> {
      String[] c = line.split(",");
      c[0] = c[0] + "000";
      c[6] = c[6] + "999";
      return String.join(",", c);
    }).toList());
    assertThat(KlineCsv.read(micros)).isEqualTo(bars);
  }

  @Test
  void aggregatesOneHourBarsFromTheMinutes() throws IOException {
    List<Kline> minutes = KlineCsv.read(SharedData.require(DAY));
    KlineAggregator hourly = new KlineAggregator("1h");
    List<Kline> hours = new ArrayList<>();
    minutes.forEach(m -> hourly.add(m).ifPresent(hours::add));
    assertThat(hours).hasSize(24);
    for (int h = 0; h < 24; h++) {
      List<Kline> inHour = minutes.subList(h * 60, h * 60 + 60);
      Kline bar = hours.get(h);
      assertThat(bar.openTime()).isEqualTo(inHour.get(0).openTime());
      assertThat(bar.closeTime()).isEqualTo(inHour.get(59).closeTime());
      assertThat(bar.open()).isEqualByComparingTo(inHour.get(0).open());
      assertThat(bar.close()).isEqualByComparingTo(inHour.get(59).close());
      assertThat(bar.high()).isEqualByComparingTo(inHour.stream().map(Kline::high).max(BigDecimal::compareTo).orElseThrow());
      assertThat(bar.low()).isEqualByComparingTo(inHour.stream().map(Kline::low).min(BigDecimal::compareTo).orElseThrow());
      assertThat(bar.volume()).isEqualByComparingTo(inHour.stream().map(Kline::volume).reduce(BigDecimal.ZERO, BigDecimal::add));
      assertThat(bar.trades()).isEqualTo(inHour.stream().mapToLong(Kline::trades).sum());
      assertThat(bar.closed()).isTrue();
    }
  }

  @Test
  void theFeedReplaysEveryBarAndTheLargerIntervals() throws IOException {
    Path file = SharedData.require(DAY);
    List<Kline> expected = KlineCsv.read(file);
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa watcher = cluster.start("watcher", Map.of("ROLES", "session"));
      List<JsonObject> minutes = Collections.synchronizedList(new ArrayList<>());
      List<JsonObject> hours = Collections.synchronizedList(new ArrayList<>());
      watcher.vertx().eventBus().<JsonObject>consumer("market.kline.BTCUSDT.1m", m -> minutes.add(m.body()));
      watcher.vertx().eventBus().<JsonObject>consumer("market.kline.BTCUSDT.1h", m -> hours.add(m.body()));

      cluster.start("replayer", Map.of("ROLES", "feed", "MARKET_SOURCE", "replay",
          "REPLAY_FILES", file.toString(), "REPLAY_SPEED", "0"));
      Eventually.within(Duration.ofSeconds(20), () -> "1440 minutes and 24 hours, got " + minutes.size() + "/" + hours.size(),
          () -> minutes.size() == 1440 && hours.size() == 24);

      List<JsonObject> got = List.copyOf(minutes);
      for (int i = 0; i < got.size(); i++) {
        JsonObject bar = got.get(i);
        Kline want = expected.get(i);
        assertThat(bar.getLong("openTime")).isEqualTo(want.openTime());
        assertThat(bar.getDouble("open")).isEqualTo(want.open().doubleValue());
        assertThat(bar.getDouble("high")).isEqualTo(want.high().doubleValue());
        assertThat(bar.getDouble("low")).isEqualTo(want.low().doubleValue());
        assertThat(bar.getDouble("close")).isEqualTo(want.close().doubleValue());
        assertThat(bar.getDouble("volume")).isEqualTo(want.volume().doubleValue());
        assertThat(bar.getBoolean("closed")).isTrue();
        assertThat(bar.getString("source")).isEqualTo("replay");
        assertThat(bar.getLong("exchangeTime")).isEqualTo(want.closeTime());
        assertThat(bar.getLong("receivedAt")).as("received at its recorded close").isEqualTo(want.closeTime());
      }
      assertThat(hours.stream().map(h -> h.getLong("openTime")).collect(Collectors.toList()))
          .isSortedAccordingTo(Long::compare).hasSize(24);
      assertThat(hours.get(23).getDouble("close")).isEqualTo(expected.get(1439).close().doubleValue());
    }
  }

  /**
   * The real 1h month and 1m day together, the hours given first: every file is used, each period
   * from the finest bars given. The minutes are published and aggregated into 5m, 1h and 4h; the
   * August hours are published as they are and aggregated into 4h only (never into 5m).
   */
  @Test
  void hoursAndMinutesTogetherEachPeriodFromTheFinestBars() throws Exception {
    Path month = SharedData.require(MONTH);
    Path day = SharedData.require(DAY);
    ReplayFiles files = ReplayFiles.read(List.of(month, day));
    List<Kline> bars = files.bars("BTCUSDT");
    assertThat(bars).hasSize(744 + 1440);
    assertThat(bars.stream().map(Kline::openTime).toList()).isSortedAccordingTo(Long::compare);
    assertThat(files.klineFiles()).extracting(ReplayFiles.KlineFile::name, f -> f.kept().size(), ReplayFiles.KlineFile::covered)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("BTCUSDT-1h-2024-08.csv", 744, 0),
            org.assertj.core.groups.Tuple.tuple("BTCUSDT-1m-2024-09-21.csv", 1440, 0));

    Map<String, List<JsonObject>> published = new java.util.concurrent.ConcurrentHashMap<>();
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      vertx.runOnContext(v -> new KlineReplay(vertx, bars, List.of("5m", "1h", "4h"), java.util.Optional.empty(), 0, false,
          (address, body) -> published.computeIfAbsent(address, a -> Collections.synchronizedList(new ArrayList<>())).add((JsonObject) body))
          .start());
      Eventually.within(Duration.ofSeconds(20), () -> "all bars published: " + counts(published),
          () -> count(published, "1m") == 1440 && count(published, "1h") == 744 + 24);
    } finally {
      vertx.close().await();
    }
    assertThat(count(published, "5m")).as("5m from the minutes only").isEqualTo(288);
    long dayStart = KlineCsv.read(day).get(0).openTime();
    assertThat(published.get("market.kline.BTCUSDT.5m")).allMatch(b -> b.getLong("openTime") >= dayStart);
    // 4h: August's 186 (31 days × 6) from the hours, the day's 6 from the minutes.
    assertThat(count(published, "4h")).isEqualTo(186 + 6);
    List<JsonObject> hours = published.get("market.kline.BTCUSDT.1h");
    assertThat(hours.stream().map(h -> h.getLong("openTime")).toList()).isSortedAccordingTo(Long::compare);
    assertThat(hours.get(744 + 23).getDouble("close")).isEqualTo(bars.get(bars.size() - 1).close().doubleValue());
  }

  private static int count(Map<String, List<JsonObject>> published, String interval) {
    return published.getOrDefault("market.kline.BTCUSDT." + interval, List.of()).size();
  }

  private static Map<String, Integer> counts(Map<String, List<JsonObject>> published) {
    return published.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
  }
}
