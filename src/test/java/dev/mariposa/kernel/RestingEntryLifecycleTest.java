package dev.mariposa.kernel;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.Execution;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.okx.OkxExchange;
import dev.mariposa.kernel.memory.InMemoryAccountStore;
import dev.mariposa.kernel.memory.InMemoryFillStore;
import dev.mariposa.kernel.memory.InMemoryOrderStore;
import dev.mariposa.kernel.port.RestingOrderPort;
import dev.mariposa.signal.RestingPlan;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkx.Call;
import dev.mariposa.testing.FakeOkx.Fault;
import dev.mariposa.testing.OkxAdapters;
import dev.mariposa.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resting post-only entry's life on the fake OKX (real HTTP, signatures, recorded answer shapes),
 * driven by the kernel's engines over in-memory stores on a simulated clock: what reaches the venue
 * (the post_only placement, each amend-order with its price, the cancel-order), partial fills
 * recorded and applied exactly once while it rests, the chase bounded by the slippage limit, the
 * halt cancelling it and saying so, and an amend whose answer was lost sent again as the same amend.
 */
class RestingEntryLifecycleTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final long T0 = Instant.parse("2024-09-21T12:00:00Z").toEpochMilli();
  private static final BigDecimal START = new BigDecimal("10000");
  /** Post-only, joining the bid, 5 s at a price, at most 2 reprices, 10 bps of chase over the first mid. */
  private static final Execution POST_ONLY = new Execution(Execution.Type.POST_ONLY, 10, Execution.PriceRule.join(),
      Duration.ofSeconds(5), 2, Execution.OnExpiry.CANCEL);

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @RegisterExtension
  final OkxAdapters adapters = OkxAdapters.on(redis, new FakeOkx.Credentials("fake-okx-key-rest01",
      "fake-okx-secret-UmVzdGluZw", "fake-okx-pass-Rs1")).fillPrice(new BigDecimal("30010"));

  private final SimulatedClock clock = new SimulatedClock(T0);
  private final InMemoryOrderStore orders = new InMemoryOrderStore(clock::millis);
  private final InMemoryFillStore fills = new InMemoryFillStore();
  private final InMemoryAccountStore accounts = new InMemoryAccountStore();
  private final CollectingTradeEvents events = new CollectingTradeEvents();
  private final World world = new World();
  private ExecutionEngine engine;
  private RestingOrderEngine lifecycle;

  @BeforeEach
  void wire() {
    OkxExchange okx = adapters.exchange();
    engine = new ExecutionEngine(new ExecutionEngine.Stores(orders, fills, accounts), name -> okx, agentId -> START,
        events, delay -> Future.succeededFuture(), clock, new SimpleMeterRegistry());
    lifecycle = new RestingOrderEngine(engine, orders, name -> okx, world, clock);
  }

  /** The quotes and the halt as a test sets them. */
  private static final class World implements RestingOrderPort {
    volatile Optional<Ticker> quote = Optional.empty();
    volatile Optional<String> cancel = Optional.empty();
    volatile Optional<Double> imbalance = Optional.empty();

    @Override
    public Future<Optional<Ticker>> liveQuote(String symbol, Duration maxAge, boolean realMoney) {
      return Future.succeededFuture(quote);
    }

    @Override
    public Future<Optional<Double>> bookImbalance(String symbol) {
      return Future.succeededFuture(imbalance);
    }

    @Override
    public Future<Optional<String>> cancelReason(String agentId) {
      return Future.succeededFuture(cancel);
    }
  }

  @Test
  void restsChasesTheBidWithinItsBoundRecordsEachFillOnceThenExpires() {
    TradeTicket ticket = ticket("30000", "29995");

    JsonObject placed = engine.execute(ticket).await();
    assertThat(placed.getBoolean("settled")).as("a resting entry's ticket is done, the order is not").isFalse();
    assertThat(placed.getBoolean("resting")).isTrue();
    JsonObject body = adapters.fake().placementBodies().get(0);
    assertThat(body.getString("ordType")).isEqualTo("post_only");
    assertThat(body.getString("px")).isEqualTo("29995");
    assertThat(body.getString("sz")).isEqualTo("0.01");

    // A trade of 0.004 against it. OKX charges a buy's 0.1 % fee in BTC: 0.004 - 0.000004 = 0.003996 received.
    adapters.fake().fillResting(ticket.clOrdId(), new BigDecimal("0.004"));
    step(ticket);
    step(ticket);
    assertThat(fills.of(ticket.clOrdId())).as("one fill, recorded once over two steps").hasSize(1);
    assertThat(position(ticket)).isEqualByComparingTo("0.003996");
    assertThat(stored(ticket).getString("status")).isEqualTo("PARTIALLY_FILLED");

    // 5 s later the bid is 30000.0: the rule's price (join) is within the bound, 10 bps over the
    // mid it was sized at, 30000 × 1.001 = 30030.0, so it is moved there.
    clock.advance(Duration.ofSeconds(5));
    world.quote = Optional.of(quote("30000.0", "30000.1"));
    step(ticket);
    assertThat(adapters.fake().order(ticket.clOrdId()).orElseThrow().px()).isEqualByComparingTo("30000");
    assertThat(adapters.fake().amendsApplied()).isEqualTo(1);
    assertThat(new BigDecimal(stored(ticket).getString("limitPrice"))).isEqualByComparingTo("30000");
    assertThat(stored(ticket).getInteger("reprices")).isEqualTo(1);

    // Before its time is up nothing is sent.
    clock.advance(Duration.ofSeconds(4));
    world.quote = Optional.of(quote("30020.0", "30020.1"));
    int requests = adapters.fake().requestsReceived();
    step(ticket);
    assertThat(adapters.fake().requestsReceived() - requests).as("one lookup, no amend").isEqualTo(1);

    // Then the bid is 30030.1, above the bound 30030.0: it may chase no further, and is cancelled.
    clock.advance(Duration.ofSeconds(1));
    world.quote = Optional.of(quote("30030.1", "30030.2"));
    JsonObject settled = step(ticket);
    assertThat(settled.getBoolean("settled")).isTrue();
    assertThat(settled.getString("status")).isEqualTo("EXPIRED");
    assertThat(settled.getString("reason")).startsWith("expired after 2 × 5000 ms").contains("moved past the 10.0 bps");
    assertThat(adapters.fake().order(ticket.clOrdId()).orElseThrow().state()).isEqualTo("canceled");
    assertThat(adapters.fake().requestsTo(FakeOkx.CANCEL_PATH)).isEqualTo(1);
    assertThat(fills.of(ticket.clOrdId())).as("nothing filled after the first").hasSize(1);
    assertThat(position(ticket)).as("applied once").isEqualByComparingTo("0.003996");
    assertThat(events.told()).as("the fill as it came, then the end").hasSize(2);
    assertThat(events.told().get(0).event().getJsonArray("fills")).hasSize(1);
    JsonObject told = events.told().get(0).event().getJsonObject("order");
    assertThat(told.getString("fillLiquidity")).as("hit while it rested").isEqualTo("maker");
    assertThat(told.getBoolean("settled")).isFalse();
    assertThat(told.fieldNames()).as("no bookkeeping on the bus").noneMatch(f -> f.startsWith("progress") || f.startsWith("pending"));
    assertThat(events.told().get(1).event().getJsonObject("order").getString("status")).isEqualTo("EXPIRED");
  }

  @Test
  void aHaltCancelsTheRestingEntryAndSaysWhy() {
    TradeTicket ticket = ticket("30000", "29995");
    engine.execute(ticket).await();

    world.cancel = Optional.of("trading halted: venue maintenance");
    JsonObject settled = step(ticket);

    assertThat(settled.getString("status")).isEqualTo("CANCELED");
    assertThat(settled.getString("reason")).isEqualTo("cancelled: trading halted: venue maintenance");
    assertThat(adapters.fake().order(ticket.clOrdId()).orElseThrow().state()).isEqualTo("canceled");
    assertThat(position(ticket)).isEqualByComparingTo("0");
  }

  @Test
  void anEntryWatchingTheBookIsCancelledWhenSellersPressOnIt() {
    Execution watching = new Execution(Execution.Type.POST_ONLY, 10, Execution.PriceRule.join(), Duration.ofSeconds(5), 2,
        Execution.OnExpiry.CANCEL, 0.6);
    TradeTicket ticket = ticket("30000", "29995", watching);
    engine.execute(ticket).await();

    world.imbalance = Optional.of(-0.59);
    assertThat(step(ticket).getBoolean("settled")).as("not yet at -0.6").isFalse();
    world.imbalance = Optional.of(-0.72);
    JsonObject settled = step(ticket);

    assertThat(settled.getString("status")).isEqualTo("CANCELED");
    assertThat(settled.getString("reason")).isEqualTo("cancelled: the book turned against it (imbalance -0.72, at or below -0.60)");
    assertThat(adapters.fake().order(ticket.clOrdId()).orElseThrow().state()).isEqualTo("canceled");
  }

  @Test
  void anAmendWhoseAnswerWasLostIsSentAgainAsTheSameAmend() {
    TradeTicket ticket = ticket("30000", "29995");
    engine.execute(ticket).await();

    adapters.fake().planFaults(Call.AMEND, Fault.UNKNOWN_AFTER_ACCEPT);
    clock.advance(Duration.ofSeconds(5));
    world.quote = Optional.of(quote("30001.0", "30001.1"));
    step(ticket);
    assertThat(stored(ticket).getString("amendRequestId")).as("outcome unknown: still to be confirmed").isNotEmpty();
    assertThat(stored(ticket).getString("limitPrice")).isEqualTo("29995");

    step(ticket);
    assertThat(adapters.fake().requestsTo(FakeOkx.AMEND_PATH)).as("sent twice").isEqualTo(2);
    assertThat(adapters.fake().amendsApplied()).as("the same amend: done once").isEqualTo(1);
    assertThat(stored(ticket).getString("amendRequestId")).isEmpty();
    assertThat(new BigDecimal(stored(ticket).getString("limitPrice"))).isEqualByComparingTo("30001");
    assertThat(stored(ticket).getInteger("reprices")).as("one reprice, however often it was sent").isEqualTo(1);
  }

  private JsonObject step(TradeTicket ticket) {
    return lifecycle.step(stored(ticket)).await();
  }

  private JsonObject stored(TradeTicket ticket) {
    return orders.get(ticket.clOrdId()).await().orElseThrow();
  }

  private BigDecimal position(TradeTicket ticket) {
    Account account = accounts.get(ticket.signal().agentId(), START);
    return Optional.ofNullable(account.positions().get("BTCUSDT")).map(Account.Position::quantity).orElse(BigDecimal.ZERO);
  }

  /** A post-only buy of 0.01 BTC at {@code price}, sized at the mid {@code mid}. */
  private TradeTicket ticket(String mid, String price) {
    return ticket(mid, price, POST_ONLY);
  }

  private TradeTicket ticket(String mid, String price, Execution execution) {
    Signal signal = Signals.requested("rest-" + SEQ.incrementAndGet(), "BTCUSDT", Signal.Action.BUY, 0.9,
        Double.parseDouble(mid), "r" + SEQ.get(), T0, Duration.ofSeconds(30));
    return new TradeTicket(signal, Side.BUY, new BigDecimal("0.01"), Agent.Exchange.OKX, T0, OrderRequest.Type.POST_ONLY,
        Optional.of(new BigDecimal(price)), Optional.of(new RestingPlan(execution, new BigDecimal(mid), Duration.ofSeconds(5))));
  }

  private Ticker quote(String bid, String ask) {
    return new Ticker("BTCUSDT", "okx", false, clock.millis(), clock.millis(), new BigDecimal(bid), BigDecimal.ONE,
        new BigDecimal(ask), BigDecimal.ONE, new BigDecimal(bid), null, true);
  }
}
