package dev.mariposa.kernel;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.Execution;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.Side;
import dev.mariposa.kernel.memory.InMemoryAccountStore;
import dev.mariposa.kernel.memory.InMemoryFillStore;
import dev.mariposa.kernel.memory.InMemoryOrderStore;
import dev.mariposa.kernel.port.AccountStorePort;
import dev.mariposa.signal.RestingPlan;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeTicket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resting entry's fills recorded as they come from the venue's totals (OKX's lookup), each
 * exactly once: a step cut short after its claim (the account store away) is applied by the next
 * step from what was claimed, before anything newer, and a step that sees nothing new does nothing.
 */
class FillProgressTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final BigDecimal START = new BigDecimal("10000");

  private final InMemoryOrderStore orders = new InMemoryOrderStore(() -> NOW);
  private final InMemoryFillStore fills = new InMemoryFillStore();
  private final InMemoryAccountStore accounts = new InMemoryAccountStore();
  private final CollectingTradeEvents events = new CollectingTradeEvents();
  private final AtomicBoolean accountsAway = new AtomicBoolean();
  /** The accounts, failing every update while {@link #accountsAway} is set. */
  private final AccountStorePort flakyAccounts = new AccountStorePort() {
    @Override
    public Future<Account> update(String agentId, BigDecimal startingBalance, UnaryOperator<Account> change) {
      return accountsAway.get() ? Future.failedFuture("the account store is away")
          : accounts.update(agentId, startingBalance, change);
    }
  };
  private String id;
  private final FillProgress progress = new FillProgress(new ExecutionEngine.Stores(orders, fills, flakyAccounts),
      agentId -> START, events);

  @Test
  void aStepCutShortAfterItsClaimIsAppliedOnceByTheNextBeforeWhatCameSince() {
    JsonObject order = restingOrder();

    // 0.4 filled at 100 (fee 0.04); the account store is away: claimed on the order, not applied.
    accountsAway.set(true);
    assertThat(progress.record(order, totals("0.4", "100", "0.04"), NOW, false).failed()).isTrue();
    JsonObject claimed = stored();
    assertThat(claimed.getInteger("progressSeq")).isEqualTo(1);
    assertThat(claimed.getBoolean("pendingApplied")).isFalse();
    assertThat(position()).isEqualByComparingTo("0");

    // Back, and the venue now says 0.7 at an average of 100.5 (fee 0.0703): first the claimed 0.4,
    // then the 0.3 since, at the price that makes the totals add up: (0.7 × 100.5 - 0.4 × 100) / 0.3
    // = (70.35 - 40) / 0.3 = 101.1666…, its fee 0.0703 - 0.04 = 0.0303.
    accountsAway.set(false);
    JsonObject after = progress.record(claimed, totals("0.7", "100.5", "0.0703"), NOW + 1, false).result();
    assertThat(after.getInteger("progressSeq")).isEqualTo(2);
    List<Fill> recorded = fills.of(id);
    assertThat(recorded).hasSize(2);
    assertThat(recorded.get(0).quantity()).isEqualByComparingTo("0.4");
    assertThat(recorded.get(0).price()).isEqualByComparingTo("100");
    assertThat(recorded.get(1).quantity()).isEqualByComparingTo("0.3");
    assertThat(recorded.get(1).price()).isEqualByComparingTo("101.1666666666667");
    assertThat(recorded.get(1).fee()).isEqualByComparingTo("0.0303");
    assertThat(position()).isEqualByComparingTo("0.7");
    assertThat(accounts.get("agent", START).cash()).isEqualByComparingTo("9929.5797"); // 10000 - 70.35 - 0.0703
    assertThat(events.told()).as("each batch told once, when applied").hasSize(2);

    // The same totals again: nothing new, nothing applied twice.
    progress.record(stored(), totals("0.7", "100.5", "0.0703"), NOW + 2, false).result();
    assertThat(fills.of(id)).hasSize(2);
    assertThat(position()).isEqualByComparingTo("0.7");
    assertThat(events.told()).hasSize(2);
  }

  @Test
  void fillsTheVenueListsAreTakenPastThoseRecordedAndMarkedByWhenTheyCame() {
    JsonObject order = restingOrder();
    Fill taken = new Fill(new BigDecimal("0.1"), new BigDecimal("99"), new BigDecimal("0.0099"), NOW);
    Fill hit = new Fill(new BigDecimal("0.2"), new BigDecimal("98"), new BigDecimal("0.0196"), NOW + 5);
    progress.record(order, listed(List.of(taken)), NOW, true).result();
    progress.record(stored(), listed(List.of(taken, hit)), NOW + 5, false).result();

    assertThat(fills.of(id)).containsExactly(taken, hit);
    assertThat(position()).isEqualByComparingTo("0.3");
    assertThat(events.told().get(0).event().getJsonObject("order").getString("fillLiquidity")).isEqualTo("taker");
    assertThat(events.told().get(1).event().getJsonObject("order").getString("fillLiquidity")).isEqualTo("maker");
  }

  /** A post-only buy of 1 BTC at 100, placed and resting, nothing recorded yet. */
  private JsonObject restingOrder() {
    Signal signal = Signals.requested("agent", "BTCUSDT", Signal.Action.BUY, 0.9, 100, "r1", NOW, Duration.ofSeconds(30));
    Execution postOnly = new Execution(Execution.Type.POST_ONLY, 10);
    TradeTicket ticket = new TradeTicket(signal, Side.BUY, BigDecimal.ONE, Agent.Exchange.OKX, NOW,
        OrderRequest.Type.POST_ONLY, Optional.of(new BigDecimal("100")),
        Optional.of(new RestingPlan(postOnly, new BigDecimal("100"), Duration.ofSeconds(5))));
    id = orders.intent(ticket, NOW).result().order().getString("_id");
    orders.set(id, FillProgress.start().put("resting", true).put("status", "LIVE"));
    return stored();
  }

  private JsonObject stored() {
    return orders.get(id).result().orElseThrow();
  }

  private BigDecimal position() {
    Account.Position held = accounts.get("agent", START).positions().get("BTCUSDT");
    return held == null ? BigDecimal.ZERO : held.quantity();
  }

  private static OrderState totals(String quantity, String average, String fee) {
    return new OrderState("m1", "1", OrderState.Status.PARTIALLY_FILLED, new BigDecimal(quantity), new BigDecimal(average),
        new BigDecimal(fee), List.of());
  }

  private static OrderState listed(List<Fill> fills) {
    BigDecimal quantity = fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new OrderState("m1", "1", OrderState.Status.PARTIALLY_FILLED, quantity, BigDecimal.ONE, BigDecimal.ZERO, fills);
  }
}
