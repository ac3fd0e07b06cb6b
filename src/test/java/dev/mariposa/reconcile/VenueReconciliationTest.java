package dev.mariposa.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.agent.Market;
import dev.mariposa.bus.EventSchemas;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.exchange.okx.OkxExchange;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.signal.ClientOrderIds;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.InMemoryMongo;
import dev.mariposa.testing.OkxOnFake;
import dev.mariposa.testing.TestRedis;
import dev.mariposa.trade.FillRepository;
import dev.mariposa.trade.LiveExecution;
import dev.mariposa.trade.OrderRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconciliation pass against the fake OKX started holding what MongoDB lacks (an open order
 * of an agent, one whose agent is unknown, one placed by hand, a filled order, a fill MongoDB
 * missed) and the reverse (fills MongoDB holds and the venue does not report, positions the
 * balance does not cover): every difference resolved as configured, each recorded and published
 * once; the agents concerned halted when the next pass sees the shortfall again; and no pass
 * applying, cancelling or placing anything twice. Real MongoDB-wire server, real
 * Redis (the OKX adapter's shared rate limit), real HTTP and signatures.
 *
 * <p>The fake charges 0.1 %: a buy in the base asset, split into two equal fills. So a buy of 0.2
 * BTC at 30000 gives the account 0.1998 BTC for 6000 USDT (0.1998 × 30000 + a fee of 0.0002 BTC,
 * 6 USDT).
 */
class VenueReconciliationTest {
  private static final FakeOkx.Credentials OKX = new FakeOkx.Credentials("fake-okx-key-r3c0", "fake-okx-secret-UmVjb24",
      "fake-okx-pass-r9");
  private static final BigDecimal START = new BigDecimal("100000");
  private static final BigDecimal BTC_PRICE = new BigDecimal("30000");

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @TempDir
  Path dir;

  private InMemoryMongo mongo;
  private OkxOnFake venue;
  private FakeOkx fake;
  private OkxExchange okx;
  private AgentRepository agents;
  private AccountRepository accounts;
  private OrderRepository orders;
  private FillRepository fills;
  private DiscrepancyRepository discrepancies;
  private final List<JsonObject> published = new ArrayList<>();
  private final List<String> halted = new ArrayList<>();

  @BeforeEach
  void start() {
    mongo = InMemoryMongo.open(dir, null);
    venue = OkxOnFake.start(mongo.vertx(), redis.connections(), OKX);
    fake = venue.fake();
    okx = venue.okx();
    agents = new AgentRepository(mongo.store());
    accounts = new AccountRepository(mongo.store());
    orders = new OrderRepository(mongo.store());
    fills = new FillRepository(mongo.store());
    discrepancies = new DiscrepancyRepository(mongo.store());
    mongo.store().ensureIndexes().await();
  }

  @AfterEach
  void stop() {
    venue.close();
    mongo.close();
  }

  @Test
  void everyDifferenceIsResolvedOnceAndASecondPassDoesNothingAgain() {
    long now = System.currentTimeMillis();
    agent("scalper", "okx");
    agent("holder", "okx");
    agent("overfilled", "okx");
    agent("paper-one", "paper");

    // The venue holds what MongoDB lacks.
    String adoptable = ClientOrderIds.of("scalper", "scalper:open");
    fake.holdOpenOrder("BTC-USDT", adoptable, "buy", new BigDecimal("0.1"), new BigDecimal("20000"));
    String ownerless = ClientOrderIds.of("gone-agent", "gone-agent:open");
    fake.holdOpenOrder("BTC-USDT", ownerless, "buy", new BigDecimal("0.1"), new BigDecimal("20000"));
    fake.holdOpenOrder("ETH-USDT", "byhand42", "sell", new BigDecimal("1"), new BigDecimal("3000"));
    String filledUnknown = ClientOrderIds.of("scalper", "scalper:filled");
    fake.holdFilledOrder("BTC-USDT", filledUnknown, "buy", new BigDecimal("0.2"), BTC_PRICE);

    // MongoDB holds one fill of 0.2997 of an order of two (0.6 bought, less 0.1 % in BTC), settled.
    String halfKnown = ClientOrderIds.of("scalper", "scalper:half");
    fake.holdFilledOrder("BTC-USDT", halfKnown, "buy", new BigDecimal("0.6"), BTC_PRICE);
    settledInMongo(halfKnown, "scalper", "BTCUSDT", new Fill(new BigDecimal("0.2997"), BTC_PRICE, new BigDecimal("9"), now));
    // MongoDB holds 0.5 ETH filled where the venue reports 0.1998.
    String overstated = ClientOrderIds.of("overfilled", "overfilled:buy");
    fake.holdFilledOrder("ETH-USDT", overstated, "buy", new BigDecimal("0.2"), new BigDecimal("2000"));
    settledInMongo(overstated, "overfilled", "ETHUSDT", new Fill(new BigDecimal("0.5"), new BigDecimal("2000"),
        new BigDecimal("1"), now));
    // holder believes it has 2 ETH; the venue's balance covers 1 in all.
    accounts.update("holder", START, a -> a.apply("seed-holder", "ETHUSDT", true, new BigDecimal("2"),
        new BigDecimal("2000"), BigDecimal.ZERO, now)).await();
    fake.balance("BTC", new BigDecimal("0.7992")).balance("ETH", BigDecimal.ONE).balance("USDT", new BigDecimal("50000"));

    JsonObject first = reconciler().run().await();

    assertThat(first.getJsonObject("discrepancies").getMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "orphan_adopted", 1, "orphan_cancelled", 1, "foreign_order", 1, "fills_adopted", 1, "missed_fill", 1,
        "fill_excess", 1, "balance_short", 1));
    assertThat(first.getInteger("new")).isEqualTo(7);
    assertThat(first.getJsonArray("errors")).isEmpty();

    // The open orders: adopted and tracked, cancelled, left alone.
    JsonObject adopted = orders.get(adoptable).await().orElseThrow();
    assertThat(adopted.getString("agentId")).isEqualTo("scalper");
    assertThat(adopted.getBoolean("adopted")).isTrue();
    assertThat(adopted.getBoolean("settled")).isFalse();
    assertThat(adopted.getString("status")).isEqualTo("LIVE");
    assertThat(fake.order(adoptable).orElseThrow().state()).isEqualTo("live");
    assertThat(fake.order(ownerless).orElseThrow().state()).isEqualTo("canceled");
    assertThat(orders.get(ownerless).await()).isEmpty();
    assertThat(fake.order("byhand42").orElseThrow().state()).isEqualTo("live");

    // The filled order MongoDB did not know: settled for scalper, 0.1998 BTC for 6000 USDT.
    JsonObject settled = orders.get(filledUnknown).await().orElseThrow();
    assertThat(settled.getString("status")).isEqualTo("FILLED");
    assertThat(settled.getBoolean("settled")).isTrue();
    assertThat(new BigDecimal(settled.getString("filledQuantity"))).isEqualByComparingTo("0.1998");
    // The missed fill: the second 0.2997 at 30000 with its 9 USDT fee, under its own key.
    assertThat(fills.ofOrders(List.of(halfKnown)).await().get(halfKnown)).extracting(f -> f.getString("_id"))
        .containsExactly(halfKnown + ":0", halfKnown + ":r1:0");

    Account scalper = accounts.get("scalper", START).await();
    // 100000 - 9000 (the fill MongoDB held) - 9000 (the missed one) - 6000 (the adopted order)
    assertThat(scalper.cash()).isEqualByComparingTo("76000");
    assertThat(scalper.positions().get("BTCUSDT").quantity()).isEqualByComparingTo("0.7992");
    assertThat(scalper.trades()).isEqualTo(3);

    // Seen once, nobody halted yet: a fill settling between the two reads could look like this.
    assertThat(halted).isEmpty();
    assertThat(enabled("holder")).isTrue();
    assertThat(enabled("overfilled")).isTrue();

    // Recorded and published once each, as the schema says.
    assertThat(discrepancies.latest(100).await()).hasSize(7).allSatisfy(d -> assertThat(d.getInteger("seen")).isEqualTo(1));
    assertThat(published).hasSize(7);
    assertThat(published).filteredOn(e -> e.getBoolean("alert")).extracting(e -> e.getString("kind"))
        .containsExactlyInAnyOrder("fill_excess", "balance_short");
    JsonObject shortEth = published.stream().filter(e -> e.getString("kind").equals("balance_short")).findFirst().orElseThrow();
    assertThat(shortEth.getString("subject")).isEqualTo("ETH");
    assertThat(shortEth.getString("detail")).contains("hold 2.5 ETH", "balance is 1");
    assertThat(shortEth.getString("action")).startsWith("seen once");

    // The second pass sees them again: the agent whose fills MongoDB overstates, and those whose ETH
    // the venue lacks, are halted, and told; nothing else is applied, cancelled or told again.
    int cancels = fake.requestsTo(FakeOkx.CANCEL_PATH);
    long fillCount = mongo.store().client().count("fills", new JsonObject()).await();
    JsonObject second = reconciler().run().await();

    assertThat(second.getInteger("new")).isZero();
    assertThat(second.getJsonObject("discrepancies").getMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "foreign_order", 1, "fill_excess", 1, "balance_short", 1));
    assertThat(enabled("scalper")).isTrue();
    assertThat(enabled("holder")).isFalse();
    assertThat(enabled("overfilled")).isFalse();
    assertThat(enabled("paper-one")).isTrue();
    assertThat(halted).containsExactlyInAnyOrder("overfilled", "holder");
    assertThat(published).hasSize(9);
    assertThat(published.subList(7, 9)).extracting(e -> e.getString("kind") + ": " + e.getString("action"))
        .containsExactlyInAnyOrder("fill_excess: overfilled halted", "balance_short: holder halted; overfilled halted");
    for (JsonObject event : published) {
      assertThat(EventSchemas.get().validate("reconciliation", event)).as(event.encode()).isEmpty();
    }

    // A third: nothing at all, what persists only counted.
    JsonObject third = reconciler().run().await();
    assertThat(third.getInteger("new")).isZero();
    assertThat(published).hasSize(9);
    assertThat(halted).hasSize(2);
    assertThat(discrepancies.latest(100).await()).filteredOn(d -> d.getString("kind").equals("balance_short"))
        .singleElement().satisfies(d -> assertThat(d.getInteger("seen")).isEqualTo(3));
    assertThat(fake.requestsTo(FakeOkx.CANCEL_PATH)).isEqualTo(cancels);
    assertThat(mongo.store().client().count("fills", new JsonObject()).await()).isEqualTo(fillCount);
    Account again = accounts.get("scalper", START).await();
    assertThat(again.cash()).isEqualByComparingTo(scalper.cash());
    assertThat(again.trades()).isEqualTo(scalper.trades());
    assertThat(fake.placementsReceived()).as("reconciliation never places").isZero();
  }

  @Test
  void withOrphansCancelledAnOrderOfAKnownAgentIsCancelledNotAdopted() {
    agent("scalper", "okx");
    String orphan = ClientOrderIds.of("scalper", "scalper:open");
    fake.holdOpenOrder("BTC-USDT", orphan, "buy", new BigDecimal("0.1"), new BigDecimal("20000"));
    MariposaConfig.Reconciliation cancelling = new MariposaConfig.Reconciliation(Duration.ofMinutes(1),
        MariposaConfig.Reconciliation.Orphans.CANCEL, Duration.ofDays(1), new BigDecimal("0.001"));

    JsonObject result = reconciler(cancelling).run().await();

    assertThat(result.getJsonObject("discrepancies").getMap()).containsExactlyEntriesOf(Map.of("orphan_cancelled", 1));
    assertThat(fake.order(orphan).orElseThrow().state()).isEqualTo("canceled");
    assertThat(orders.get(orphan).await()).isEmpty();
    assertThat(published).singleElement().satisfies(e -> assertThat(e.getString("action")).isEqualTo("cancelled at the venue"));
  }

  @Test
  void aSwapPositionNobodyManagesIsReportedAndOneTheVenueNoLongerHoldsHaltsItsAgent() {
    JsonObject body = new JsonObject().put("id", "perp").put("symbols", List.of("BTCUSDT"))
        .put("account", new JsonObject().put("exchange", "okx").put("market", "swap").put("leverage", 5).put("short", true))
        .put("risk", new JsonObject().put("stopLossPct", 2));
    Agent perp = agents.create(AgentJson.parse(body, null, Set.of()), System.currentTimeMillis()).await();
    // The agent holds a long the venue does not (liquidated there, say) ...
    accounts.update("perp", START, a -> a.applySwap("perp-open", "BTCUSDT",
        SwapOrder.opening(perp.account().market(), SwapOrder.PositionSide.LONG), true, new BigDecimal("0.02"), BTC_PRICE,
        BigDecimal.ZERO, System.currentTimeMillis())).await();
    // ... and the venue holds a short placed by hand, which no agent knows.
    fake.fillPrice(BTC_PRICE).balance("USDT", START);
    PlaceResult byHand = okx.place(new OrderRequest("byhand1", "BTCUSDT", Side.SELL, OrderRequest.Type.MARKET,
        new BigDecimal("0.05"), Optional.empty(), Optional.of(new SwapOrder(Market.MarginMode.ISOLATED, 5,
            SwapOrder.PositionSide.SHORT, false)))).await();
    assertThat(byHand.outcome()).isEqualTo(PlaceResult.Outcome.ACCEPTED);

    JsonObject first = reconciler().run().await();

    assertThat(first.getJsonObject("discrepancies").getMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("unknown_position", 1, "position_missing", 1));
    assertThat(published).extracting(e -> e.getString("subject"))
        .containsExactlyInAnyOrder("BTCUSDT short", "BTCUSDT long");
    assertThat(published).filteredOn(e -> e.getString("kind").equals("unknown_position")).singleElement()
        .satisfies(e -> assertThat(e.getString("detail")).isEqualTo("the venue holds a BTCUSDT short of 0.05, the agents 0"));
    assertThat(enabled("perp")).as("seen once").isTrue();

    reconciler().run().await();

    assertThat(enabled("perp")).as("seen again: halted").isFalse();
    assertThat(halted).containsExactly("perp");
    assertThat(fake.placementsReceived()).as("reconciliation never places: only the order by hand").isEqualTo(1);
  }

  @Test
  void theVenuesFundingBillsAreBookedOnceToTheAgentHoldingThePosition() {
    JsonObject body = new JsonObject().put("id", "perp").put("symbols", List.of("BTCUSDT"))
        .put("account", new JsonObject().put("exchange", "okx").put("market", "swap").put("leverage", 5).put("short", true))
        .put("risk", new JsonObject().put("stopLossPct", 2));
    Agent perp = agents.create(AgentJson.parse(body, null, Set.of()), System.currentTimeMillis()).await();
    long opened = System.currentTimeMillis() - 60_000;
    fake.fillPrice(BTC_PRICE).balance("USDT", START);
    okx.place(new OrderRequest("perpopen1", "BTCUSDT", Side.SELL, OrderRequest.Type.MARKET, new BigDecimal("0.05"),
        Optional.empty(), Optional.of(SwapOrder.opening(perp.account().market(), SwapOrder.PositionSide.SHORT)))).await();
    accounts.update("perp", START, a -> a.applySwap("perpopen1", "BTCUSDT",
        SwapOrder.opening(perp.account().market(), SwapOrder.PositionSide.SHORT), false, new BigDecimal("0.05"), BTC_PRICE,
        BigDecimal.ZERO, opened)).await();
    // A positive rate: the short receives 0.05 × 30000 × 0.0001 = 0.15.
    fake.swapAccount().payFunding("BTC-USDT-SWAP", new BigDecimal("0.0001"), System.currentTimeMillis());

    JsonObject first = reconciler().run().await();

    assertThat(first.getInteger("fundingBooked")).isEqualTo(1);
    assertThat(first.getJsonObject("discrepancies").getMap()).as("the venue and the agent agree").isEmpty();
    Account funded = accounts.get("perp", START).await();
    assertThat(funded.fundingTotal()).isEqualByComparingTo("0.15");
    assertThat(funded.positions().get("BTCUSDT").margin()).as("1500 / 5 + 0.15").isEqualByComparingTo("300.15");
    assertThat(mongo.store().client().find("fills", new JsonObject().put("agentId", "perp")).await())
        .as("the live figures read it from the fills").singleElement()
        .satisfies(f -> assertThat(f.getString("funding")).isEqualTo("0.15"));
    assertThat(reconciler().run().await().getInteger("fundingBooked")).as("once").isZero();
    assertThat(accounts.get("perp", START).await().fundingTotal()).isEqualByComparingTo("0.15");
  }

  private VenueReconciler reconciler() {
    return reconciler(new MariposaConfig.Reconciliation(Duration.ofMinutes(1),
        MariposaConfig.Reconciliation.Orphans.ADOPT, Duration.ofDays(1), new BigDecimal("0.001")));
  }

  private VenueReconciler reconciler(MariposaConfig.Reconciliation settings) {
    ExecutionEngine engine = LiveExecution.engine(mongo.vertx(), new ExecutionEngine.Stores(orders, fills, accounts),
        name -> okx, id -> START, new SimpleMeterRegistry(), MarketClock.system());
    return new VenueReconciler(okx, Agent.Exchange.OKX,
        new VenueReconciler.Stores(orders, fills, accounts, agents, discrepancies), all -> engine, settings,
        new VenueReconciler.Outlet() {
          @Override
          public void discrepancy(JsonObject event) {
            published.add(event);
          }

          @Override
          public void agentHalted(String agentId) {
            halted.add(agentId);
          }
        }, System::currentTimeMillis);
  }

  private void agent(String id, String exchange) {
    JsonObject body = new JsonObject().put("id", id).put("symbols", List.of("BTCUSDT", "ETHUSDT"))
        .put("account", new JsonObject().put("exchange", exchange).put("startingBalance", START.doubleValue()));
    agents.create(AgentJson.parse(body, null, Set.of()), System.currentTimeMillis()).await();
  }

  private boolean enabled(String id) {
    return agents.get(id).await().orElseThrow().enabled();
  }

  /** An order MongoDB holds settled, with the one fill it knows applied to its agent's account. */
  private void settledInMongo(String clOrdId, String agentId, String symbol, Fill fill) {
    JsonObject order = new JsonObject().put("_id", clOrdId).put("clOrdId", clOrdId).put("agentId", agentId)
        .put("symbol", symbol).put("side", "BUY").put("quantity", fill.quantity().toPlainString()).put("exchange", "okx")
        .put("status", "FILLED").put("settled", true).put("createdAt", fill.at()).put("updatedAt", fill.at());
    mongo.store().client().insert("orders", order).await();
    fills.saveAll(ExecutionEngine.fillDocuments(order, clOrdId, List.of(fill))).await();
    accounts.update(agentId, START, a -> ExecutionEngine.applyFills(a, clOrdId, symbol, true, List.of(fill))).await();
  }
}
