package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest and a live replay of the same data trade the same, with the cooldown, stop-loss,
 * take-profit and trailing stop on and a realistic order rate. Live ({@link LiveReplay}): the real
 * BTCUSDT day's first {@value #WARM} bars warm the market cache, then an instance with every role
 * (paper exchange, Redis, MongoDB) replays bars {@value #WARM}–{@value #END} at
 * {@code REPLAY_SPEED} {@value #SPEED} through the Redis queues to the paper exchange. Backtest:
 * the engine over bars 0–{@value #END}, trading from bar {@value #WARM}. The executions (time,
 * side, quantity, price, fee, in order) and the realized PnL to the cent are the same.
 *
 * <p>Both decide on the recorded time, and an agent's signals one at a time: live, an exit decided
 * on a tick and the bar's analysis race through Redis and MongoDB, and a BUY checked while the
 * exit is in flight would be sized on cash not back yet, without the cooldown after its loss. The
 * window has exits of each kind, and the cooldown changes its trades.
 */
class BacktestParityTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final int WARM = 170;
  private static final int END = 206;
  private static final int SPEED = 150;
  private static final int COOLDOWN_S = 120;

  @TempDir
  Path dir;

  @Test
  void aLiveReplayAndABacktestOfTheSameBarsTradeTheSameWithStopsOn() throws Exception {
    List<String> lines = Files.readAllLines(SharedData.require(DAY)).stream().filter(l -> !l.isBlank()).toList();
    Path data = dir.resolve("data").resolve("BTCUSDT-1m-2024-09-21.csv");
    Files.createDirectories(data.getParent());
    Files.write(data, lines.subList(0, END));
    long from = Long.parseLong(lines.get(WARM).split(",")[6]);
    Map<String, String> env = Map.of("SYMBOLS", "BTCUSDT");
    JsonObject json = ConfigLoader.defaults();

    BacktestEngine.Result result = backtest(data, agent(COOLDOWN_S), from, json, env);
    TradeList backtest = ParityCheck.trades(result);
    TradeList withoutCooldown = ParityCheck.trades(backtest(data, agent(0), from, json, env));
    List<String> exits = result.runs().get(0).orders.stream().filter(o -> o.containsKey("exit"))
        .map(o -> o.getString("exit").replaceAll(":.*", "")).toList();
    assertThat(exits).as("the window's exits").contains("stop-loss", "take-profit", "trailing stop");
    assertThat(backtest.lines()).as("the cooldown changes the trades").isNotEqualTo(withoutCooldown.lines());

    TradeList live = new LiveReplay(dir.resolve("live"), json, env).run(List.of(data), List.of(agent(COOLDOWN_S)),
        from, Long.MAX_VALUE, SPEED);

    assertThat(live.lines()).as("live trades (agent time side quantity price fee), then PnL")
        .containsExactlyElementsOf(backtest.lines());
    assertThat(live.totalPnl()).isEqualByComparingTo(backtest.totalPnl());
    assertThat(live.sha256()).isEqualTo(backtest.sha256());
  }

  private static BacktestEngine.Result backtest(Path data, Agent agent, long from, JsonObject json, Map<String, String> env)
      throws Exception {
    var config = ConfigLoader.from(json, env);
    ReplayFiles files = ReplayFiles.read(List.of(data));
    BacktestEngine.Settings settings = BacktestEngine.Settings.of(config, from, Long.MAX_VALUE);
    return new BacktestEngine(Timeline.of(files, Long.MAX_VALUE, Timeline.wanted(List.of(agent))), List.of(agent), settings)
        .run((done, total, orders) -> {});
  }

  /** Stops tight enough for a quiet Saturday's minutes; 6 orders a minute, as the demo agents. */
  private static Agent agent(int cooldownSeconds) {
    Agent.RiskLimits risk = new Agent.RiskLimits(1, 1_000, 6, 200, 10, cooldownSeconds, 30, 0.05, 0.02, 0.03);
    return new Agent("parity", "Parity", List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)),
        0.5, 0.6, risk, new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0);
  }
}
