package dev.mariposa.trade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.Liquidation;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.exchange.SwapOrder.PositionSide;
import dev.mariposa.exchange.okx.OkxExchange;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.signal.RiskRules;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.OkxExecutionRig;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swap agent's orders through the kernel (the risk rules size them, the ExecutionEngine places
 * them exactly once) to the OKX adapter and the fake OKX (real HTTP and signatures), MongoDB and
 * Redis real: what reaches the venue for a short and its reduce-only close, the account kept as the
 * venue keeps the position (its liquidation price the venue's liqPx), and a reduce-only exit larger
 * than the position refused by the venue with nothing applied.
 */
class OkxSwapKernelTest {
  private static final FakeOkx.Credentials OKX = new FakeOkx.Credentials("fake-okx-key-sw4ps", "fake-okx-secret-U3dhcHM",
      "fake-okx-pass-s5");
  private static final BigDecimal START = new BigDecimal("10000");
  private static final BigDecimal PRICE = new BigDecimal("30000");

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @TempDir
  Path dir;

  private OkxExecutionRig rig;
  private FakeOkx fake;
  private OkxExchange okx;
  private AccountRepository accounts;
  private ExecutionEngine engine;
  private Agent agent;

  @BeforeEach
  void start() {
    rig = OkxExecutionRig.start(dir, redis.connections(), OKX, START);
    fake = rig.fake().fillPrice(PRICE).balance("USDT", START);
    okx = rig.okx();
    accounts = rig.accounts();
    engine = rig.engine();
    agent = AgentJson.parse(new JsonObject().put("id", "perp-okx").put("symbols", new JsonArray().add("BTCUSDT"))
        .put("account", new JsonObject().put("exchange", "okx").put("market", "swap").put("leverage", 5).put("short", true))
        .put("risk", new JsonObject().put("maxPositionNotional", 1500).put("stopLossPct", 2)), "perp-okx", Set.of());
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  private TradeTicket approved(Signal.Action action, String request) {
    long now = System.currentTimeMillis();
    Signal signal = Signals.requested(agent.id(), "BTCUSDT", action, 0.9, 30_000, request, now, Duration.ofSeconds(30));
    Ticker quote = Ticker.quote("BTCUSDT", "okx", now, now, PRICE, BigDecimal.ONE, PRICE, BigDecimal.ONE);
    Instrument instrument = okx.swapInstrumentFor("BTCUSDT").await();
    Account account = accounts.get(agent.id(), START).await();
    RiskRules.Verdict verdict = RiskRules.size(signal, agent, account, List.of(), instrument, quote, Optional.empty(), now);
    assertThat(verdict.approved()).as(verdict.reason()).isTrue();
    return verdict.ticket().orElseThrow();
  }

  @Test
  void aShortAndItsReduceOnlyCloseReachTheVenueAsOkxWantsThemAndTheAccountKeepsTheVenuesPosition() {
    TradeTicket open = approved(Signal.Action.SELL, "open");
    assertThat(open.quantity()).as("1500 / 30000, whole contracts of 0.01 BTC").isEqualByComparingTo("0.05");

    JsonObject settled = engine.execute(open).await();

    assertThat(settled.getString("status")).as(settled.encode()).isEqualTo("FILLED");
    JsonObject sent = fake.placementBodies().get(0);
    assertThat(sent.getString("instId")).isEqualTo("BTC-USDT-SWAP");
    assertThat(sent.getString("tdMode")).isEqualTo("isolated");
    assertThat(sent.getString("side")).isEqualTo("sell");
    assertThat(sent.getString("sz")).as("contracts").isEqualTo("5");
    assertThat(sent.getString("clOrdId")).isEqualTo(open.clOrdId());
    assertThat(sent.containsKey("posSide")).as("net mode").isFalse();
    assertThat(sent.containsKey("reduceOnly")).as("an entry").isFalse();
    assertThat(fake.swapAccount().leverageCalls()).singleElement()
        .satisfies(call -> assertThat(call.getString("lever")).isEqualTo("5"));

    Account account = accounts.get(agent.id(), START).await();
    Account.Position held = account.positions().get("BTCUSDT");
    assertThat(held.side()).isEqualTo(PositionSide.SHORT);
    assertThat(held.quantity()).isEqualByComparingTo("0.05");
    assertThat(held.margin()).as("1500 / 5").isEqualByComparingTo("300");
    assertThat(account.cash()).as("the taker fee, 0.05 % of 1500").isEqualByComparingTo("9999.25");
    BigDecimal ours = Liquidation.price(held, held.margin(), okx.swapInstrumentFor("BTCUSDT").await().maintenanceMarginRate(),
        Liquidation.SWAP_TAKER_FEE);
    BigDecimal venues = new BigDecimal(fake.swapAccount().positionRow("BTC-USDT-SWAP", "net").getString("liqPx"));
    assertThat(ours.setScale(2, RoundingMode.HALF_UP)).as("the venue's liqPx").isEqualByComparingTo(venues.setScale(2, RoundingMode.HALF_UP));

    TradeTicket close = approved(Signal.Action.CLOSE, "close");
    assertThat(close.swap()).contains(new SwapOrder(agent.account().market().marginMode(), 5, PositionSide.SHORT, true));
    assertThat(engine.execute(close).await().getString("status")).isEqualTo("FILLED");
    JsonObject closing = fake.placementBodies().get(1);
    assertThat(closing.getString("side")).isEqualTo("buy");
    assertThat(closing.getString("sz")).isEqualTo("5");
    assertThat(closing.getBoolean("reduceOnly", false) || "true".equals(closing.getString("reduceOnly"))).isTrue();
    Account flat = accounts.get(agent.id(), START).await();
    assertThat(flat.positions()).isEmpty();
    assertThat(flat.cash()).as("two taker fees").isEqualByComparingTo("9998.5");
    assertThat(fake.placementsReceived()).isEqualTo(2);
  }

  @Test
  void aReduceOnlyExitLargerThanThePositionIsRefusedByTheVenueAndNothingIsApplied() {
    engine.execute(approved(Signal.Action.SELL, "open")).await();
    long now = System.currentTimeMillis();
    Signal signal = Signals.requested(agent.id(), "BTCUSDT", Signal.Action.CLOSE, 0.9, 30_000, "flip", now,
        Duration.ofSeconds(30));
    TradeTicket flip = new TradeTicket(signal, Side.BUY, new BigDecimal("0.08"), Agent.Exchange.OKX, now)
        .onSwap(SwapOrder.closing(agent.account().market(), PositionSide.SHORT));

    JsonObject settled = engine.execute(flip).await();

    assertThat(settled.getString("status")).isEqualTo("REJECTED");
    assertThat(settled.getString("reason")).isNotBlank();
    Account account = accounts.get(agent.id(), START).await();
    assertThat(account.positions().get("BTCUSDT").quantity()).as("still the 0.05 short").isEqualByComparingTo("0.05");
    assertThat(fake.swapAccount().position("BTC-USDT-SWAP", "net")).isPresent();
  }
}
