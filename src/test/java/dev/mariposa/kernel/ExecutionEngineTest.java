package dev.mariposa.kernel;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.paper.PaperMatching;
import dev.mariposa.kernel.memory.InMemoryAccountStore;
import dev.mariposa.kernel.memory.InMemoryFillStore;
import dev.mariposa.kernel.memory.InMemoryOrderStore;
import dev.mariposa.kernel.port.OrderStorePort;
import dev.mariposa.kernel.port.SchedulerPort;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeTicket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The execution engine on in-memory ports (no Vert.x instance, no Redis, no MongoDB) and an
 * exchange that answers as each test scripts it: every placement outcome, the lookups that
 * follow an unknown one, the retries of a refused placement on the scheduler port, a settlement
 * that is repeated without applying the fills twice, and one drive per order. The MongoDB and bus
 * adapters of the same ports are proven by {@code trade.TradingFlowTest}, {@code trade.OkxFaultsTest}
 * and {@code trade.ExactlyOnceIT}.
 */
class ExecutionEngineTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final long NOW = Instant.parse("2024-09-21T12:00:00Z").toEpochMilli();
  private static final BigDecimal START = new BigDecimal("10000");
  private static final BigDecimal QUANTITY = new BigDecimal("0.5");
  private static final BigDecimal PRICE = new BigDecimal("100");

  private final SimulatedClock clock = new SimulatedClock(NOW);
  private final ScriptedExchange exchange = new ScriptedExchange();
  private final InMemoryOrderStore orders = new InMemoryOrderStore(clock::millis);
  private final InMemoryFillStore fills = new InMemoryFillStore();
  private final InMemoryAccountStore accounts = new InMemoryAccountStore();
  private final CollectingTradeEvents events = new CollectingTradeEvents();
  private final List<Duration> waits = new ArrayList<>();
  private SchedulerPort scheduler = delay -> {
    waits.add(delay);
    return Future.succeededFuture();
  };

  /** An exchange that answers placements and lookups from scripts, and counts what it was asked. */
  private static final class ScriptedExchange implements Exchange {
    final Deque<PlaceResult> placements = new ArrayDeque<>();
    final Deque<Optional<OrderState>> lookups = new ArrayDeque<>();
    final List<OrderRequest> placed = new ArrayList<>();
    int looked;

    @Override
    public String name() {
      return "paper";
    }

    @Override
    public Future<PlaceResult> place(OrderRequest request) {
      placed.add(request);
      return Future.succeededFuture(placements.remove());
    }

    @Override
    public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
      looked++;
      return Future.succeededFuture(lookups.isEmpty() ? Optional.empty() : lookups.remove());
    }

    @Override
    public Future<Instrument> instrument(String symbol) {
      return Future.succeededFuture(PaperMatching.instrument(symbol));
    }

    @Override
    public Future<CancelResult> cancel(String symbol, String clOrdId) {
      throw new AssertionError("these tests place orders that do not rest: nothing to cancel");
    }
  }

  private ExecutionEngine engine() {
    return engine(orders);
  }

  private ExecutionEngine engine(OrderStorePort orderStore) {
    return new ExecutionEngine(new ExecutionEngine.Stores(orderStore, fills, accounts), name -> exchange,
        agentId -> START, events, delay -> scheduler.after(delay), clock, new SimpleMeterRegistry());
  }

  private static TradeTicket ticket() {
    Signal signal = Signals.requested("agent-" + SEQ.incrementAndGet(), "BTCUSDT", Signal.Action.BUY, 0.9, 100,
        "r" + SEQ.get(), NOW, Duration.ofSeconds(30));
    return new TradeTicket(signal, Side.BUY, QUANTITY, Agent.Exchange.PAPER, NOW);
  }

  private static OrderState filled(String clOrdId) {
    Fill fill = new Fill(QUANTITY, PRICE, new BigDecimal("0.05"), NOW);
    return new OrderState(clOrdId, "x-" + clOrdId, OrderState.Status.FILLED, QUANTITY, PRICE, fill.fee(), List.of(fill));
  }

  private static OrderState live(String clOrdId) {
    return new OrderState(clOrdId, "x-" + clOrdId, OrderState.Status.LIVE, BigDecimal.ZERO, BigDecimal.ZERO,
        BigDecimal.ZERO, List.of());
  }

  private static <T> T completed(Future<T> future) {
    assertThat(future.isComplete()).as("completed at once on in-memory ports").isTrue();
    assertThat(future.succeeded()).as("succeeded: %s", future.cause()).isTrue();
    return future.result();
  }

  private JsonObject stored(TradeTicket ticket) {
    return completed(orders.get(ticket.clOrdId())).orElseThrow();
  }

  private Account account(TradeTicket ticket) {
    return accounts.get(ticket.signal().agentId(), START);
  }

  private void assertFilledOnce(TradeTicket ticket, JsonObject settled) {
    assertThat(settled.getString("status")).isEqualTo("FILLED");
    assertThat(settled.getBoolean("settled")).isTrue();
    assertThat(stored(ticket).getBoolean("settled")).isTrue();
    assertThat(fills.of(ticket.clOrdId())).hasSize(1);
    Account account = account(ticket);
    assertThat(account.positions().get("BTCUSDT").quantity()).isEqualByComparingTo(QUANTITY);
    assertThat(account.cash()).isEqualByComparingTo("9949.95"); // 10000 - 0.5 × 100 - 0.05
    assertThat(events.told()).hasSize(1);
    assertThat(events.told().get(0).event().getString("type")).isEqualTo("fill");
  }

  @Test
  void anAcceptedOrderWithItsStateIsSettledAtOnce() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.accepted("x-" + ticket.clOrdId(), Optional.of(filled(ticket.clOrdId()))));

    JsonObject settled = completed(engine().execute(ticket));

    assertFilledOnce(ticket, settled);
    assertThat(exchange.looked).isZero();
    assertThat(settled.getLong("createdAt")).as("stamped with the engine's clock").isEqualTo(NOW);
    JsonObject told = events.told().get(0).event();
    assertThat(events.told().get(0).agentId()).isEqualTo(ticket.signal().agentId());
    assertThat(told.getJsonObject("order").getValue("quantity")).as("decimals as numbers").isInstanceOf(Number.class);
    assertThat(told.getJsonObject("position").getString("symbol")).isEqualTo("BTCUSDT");
    assertThat(told.getJsonObject("order").getString("fillLiquidity")).as("a market order takes").isEqualTo("taker");
  }

  @Test
  void anAcceptedOrderWithoutItsStateIsLookedUp() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.accepted("x-" + ticket.clOrdId(), Optional.empty()));
    exchange.lookups.add(Optional.of(filled(ticket.clOrdId())));

    assertFilledOnce(ticket, completed(engine().execute(ticket)));
    assertThat(exchange.looked).isEqualTo(1);
    assertThat(stored(ticket).getString("exchangeOrderId")).isEqualTo("x-" + ticket.clOrdId());
  }

  @Test
  void aRejectedOrderIsSettledWithItsReasonAndNoFill() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.rejected("51008", "insufficient balance"));

    JsonObject settled = completed(engine().execute(ticket));

    assertThat(settled.getString("status")).isEqualTo("REJECTED");
    assertThat(settled.getString("reason")).isEqualTo("51008 insufficient balance");
    assertThat(stored(ticket).getBoolean("settled")).isTrue();
    assertThat(fills.of(ticket.clOrdId())).isEmpty();
    assertThat(account(ticket).cash()).isEqualByComparingTo(START);
    assertThat(events.told()).singleElement().satisfies(t -> assertThat(t.event().getString("type")).isEqualTo("order"));
  }

  @Test
  void anUnknownOutcomeIsLookedUpAndAdoptedWithoutPlacingAgain() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.unknown("timeout", "no answer"));
    exchange.lookups.add(Optional.of(filled(ticket.clOrdId())));

    assertFilledOnce(ticket, completed(engine().execute(ticket)));
    assertThat(exchange.placed).hasSize(1);
  }

  @Test
  void anUnknownOrderTheExchangeDoesNotKnowIsPlacedAgainUnderTheSameId() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.unknown("timeout", "no answer"));
    exchange.placements.add(PlaceResult.accepted("x-" + ticket.clOrdId(), Optional.of(filled(ticket.clOrdId()))));

    assertFilledOnce(ticket, completed(engine().execute(ticket)));
    assertThat(exchange.placed).extracting(OrderRequest::clOrdId).containsExactly(ticket.clOrdId(), ticket.clOrdId());
  }

  @Test
  void anOrderStillLiveAfterAnUnknownOutcomeIsLookedUpAgainAfterAWait() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.unknown("timeout", "no answer"));
    exchange.lookups.add(Optional.of(live(ticket.clOrdId())));
    exchange.lookups.add(Optional.of(filled(ticket.clOrdId())));

    assertFilledOnce(ticket, completed(engine().execute(ticket)));
    assertThat(exchange.looked).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofMillis(200));
  }

  @Test
  void aDuplicateIsLookedUpNotPlacedAgain() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.duplicate("51016", "duplicated clOrdId"));
    exchange.lookups.add(Optional.of(filled(ticket.clOrdId())));

    assertFilledOnce(ticket, completed(engine().execute(ticket)));
    assertThat(exchange.placed).hasSize(1);
  }

  @Test
  void aPlacementNotPlacedIsTriedAgainAfterGrowingWaits() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.notPlaced("50011", "rate limited"));
    exchange.placements.add(PlaceResult.notPlaced("50011", "rate limited"));
    exchange.placements.add(PlaceResult.accepted("x-" + ticket.clOrdId(), Optional.of(filled(ticket.clOrdId()))));

    assertFilledOnce(ticket, completed(engine().execute(ticket)));
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void aPlacementNeverPlacedFailsAndLeavesTheIntentNew() {
    TradeTicket ticket = ticket();
    for (int i = 0; i < 4; i++) {
      exchange.placements.add(PlaceResult.notPlaced("50011", "rate limited"));
    }

    Future<JsonObject> outcome = engine().execute(ticket);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.cause()).hasMessageContaining("not placed yet: 50011 rate limited");
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(1500));
    assertThat(stored(ticket).getString("status")).isEqualTo(OrderStorePort.NEW);
    assertThat(stored(ticket).getBoolean("settled")).isFalse();
    assertThat(events.told()).isEmpty();
  }

  @Test
  void anIntentLeftPastItsSignalsExpiryIsExpiredNotPlacedWhenTheVenueDoesNotKnowIt() {
    TradeTicket ticket = ticket(); // its signal lives 30 s
    for (int i = 0; i < 4; i++) {
      exchange.placements.add(PlaceResult.notPlaced("50011", "rate limited"));
    }
    assertThat(engine().execute(ticket).failed()).isTrue();
    clock.advance(Duration.ofSeconds(31));

    JsonObject settled = completed(engine().execute(ticket)); // the ticket comes back, the venue does not know it

    assertThat(settled.getString("status")).isEqualTo("EXPIRED");
    assertThat(settled.getString("reason")).contains("expired before the venue received it");
    assertThat(exchange.placed).as("the four refused placements, none after the expiry").hasSize(4);
    assertThat(exchange.looked).isEqualTo(1);
    assertThat(stored(ticket).getBoolean("settled")).isTrue();
    assertThat(account(ticket).cash()).isEqualByComparingTo(START);
  }

  @Test
  void anAdoptedOrderTheVenueNoLongerKnowsIsSettledCancelledNeverPlaced() {
    JsonObject adopted = new JsonObject().put("_id", "m0000000000000000000000000000001")
        .put("clOrdId", "m0000000000000000000000000000001").put("agentId", "agent-adopter").put("symbol", "BTCUSDT")
        .put("side", "BUY").put("quantity", "0.5").put("exchange", "okx").put("status", "LIVE").put("settled", false)
        .put("adopted", true).put("createdAt", NOW);

    JsonObject settled = completed(engine().resume(adopted));

    assertThat(settled.getString("status")).isEqualTo("CANCELED");
    assertThat(settled.getString("reason")).contains("reconciliation adopted");
    assertThat(exchange.placed).isEmpty();
  }

  @Test
  void aTicketSeenAgainAfterItsSettlementIsNotPlacedAgain() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.accepted("x-" + ticket.clOrdId(), Optional.of(filled(ticket.clOrdId()))));
    ExecutionEngine engine = engine();
    completed(engine.execute(ticket));

    JsonObject again = completed(engine.execute(ticket));

    assertThat(again.getBoolean("settled")).isTrue();
    assertThat(exchange.placed).hasSize(1);
    assertThat(exchange.looked).isZero();
  }

  @Test
  void aSettlementCutShortAfterTheAccountIsRepeatedWithoutApplyingTheFillsTwice() {
    TradeTicket ticket = ticket();
    exchange.placements.add(PlaceResult.accepted("x-" + ticket.clOrdId(), Optional.of(filled(ticket.clOrdId()))));
    OrderStorePort cutShort = new OrderStorePort() { // the store fails the write that marks the order settled
      @Override
      public Future<Intent> intent(TradeTicket t, long createdAt) {
        return orders.intent(t, createdAt);
      }

      @Override
      public Future<Optional<JsonObject>> get(String clOrdId) {
        return orders.get(clOrdId);
      }

      @Override
      public Future<Void> set(String clOrdId, JsonObject fields) {
        return fields.getBoolean("settled", false) ? Future.failedFuture("the store went away")
            : orders.set(clOrdId, fields);
      }

      @Override
      public Future<List<JsonObject>> unsettled(long before, int limit) {
        return orders.unsettled(before, limit);
      }

      @Override
      public Future<List<JsonObject>> resting(int limit) {
        return orders.resting(limit);
      }

      @Override
      public Future<Boolean> transition(String clOrdId, JsonObject expected, JsonObject fields) {
        return orders.transition(clOrdId, expected, fields);
      }
    };
    assertThat(engine(cutShort).execute(ticket).failed()).isTrue();
    assertThat(account(ticket).hasApplied(ticket.clOrdId())).isTrue();
    assertThat(events.told()).as("nothing told of an order not settled").isEmpty();
    exchange.lookups.add(Optional.of(filled(ticket.clOrdId())));

    JsonObject settled = completed(engine().resume(stored(ticket)));

    assertThat(settled.getBoolean("settled")).isTrue();
    assertThat(events.told()).hasSize(1);
    assertThat(exchange.placed).hasSize(1);
    assertThat(fills.of(ticket.clOrdId())).hasSize(1);
    assertThat(account(ticket).cash()).as("the fill applied once").isEqualByComparingTo("9949.95");
    assertThat(account(ticket).trades()).isEqualTo(1);
  }

  @Test
  void anOrderUnderWayIsDrivenOnceAndItsOutcomeAwaited() {
    TradeTicket ticket = ticket();
    Promise<Void> later = Promise.promise();
    scheduler = delay -> later.future();
    exchange.placements.add(PlaceResult.notPlaced("50011", "rate limited"));
    exchange.placements.add(PlaceResult.accepted("x-" + ticket.clOrdId(), Optional.of(filled(ticket.clOrdId()))));
    ExecutionEngine engine = engine();

    Future<JsonObject> first = engine.execute(ticket);
    Future<JsonObject> second = engine().execute(ticket); // another engine of this process: a redelivery
    assertThat(first.isComplete()).isFalse();
    assertThat(second.isComplete()).isFalse();
    later.complete();

    assertThat(completed(first).getString("status")).isEqualTo("FILLED");
    assertThat(completed(second).getString("status")).isEqualTo("FILLED");
    assertThat(exchange.placed).hasSize(2); // the refused placement and its retry, nothing from the second
    assertThat(events.told()).hasSize(1);
  }
}
