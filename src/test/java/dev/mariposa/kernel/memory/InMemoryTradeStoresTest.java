package dev.mariposa.kernel.memory;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.Side;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.kernel.port.AccountStorePort;
import dev.mariposa.kernel.port.FillStorePort;
import dev.mariposa.kernel.port.OrderStorePort;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.trade.FillRepository;
import dev.mariposa.trade.OrderRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory order, fill and account stores against the MongoDB ones the trade role uses: the
 * same steps (an intent written twice, fields set before and after the order is settled, the
 * unsettled orders, fills written twice, an account updated twice with one order's fills) give
 * the same answers, {@code updatedAt} aside (wall time in MongoDB).
 */
class InMemoryTradeStoresTest {
  private static final long T0 = 1_726_876_800_000L; // 2024-09-21T00:00:00Z
  private static final BigDecimal START = new BigDecimal("10000");

  @TempDir
  Path dir;

  /** One step's answers from both stores. */
  private record Both<T>(T mongo, T memory) {}

  @Test
  void theSameStepsGiveTheSameAnswersAsMongoDb() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("node", Map.of("ROLES", "http"));
      var mongo = node.services().mongo();
      Stores live = new Stores(new OrderRepository(mongo), new FillRepository(mongo), new AccountRepository(mongo));
      InMemoryFillStore memoryFills = new InMemoryFillStore();
      InMemoryAccountStore memoryAccounts = new InMemoryAccountStore();
      Stores memory = new Stores(new InMemoryOrderStore(() -> T0), memoryFills, memoryAccounts);
      TradeTicket first = ticket("stores-a");
      TradeTicket second = ticket("stores-b");

      Both<OrderStorePort.Intent> created = both(live, memory, s -> s.orders().intent(first, T0));
      assertThat(created.memory().created()).isTrue();
      assertSameOrder(created.mongo().order(), created.memory().order());
      Both<OrderStorePort.Intent> again = both(live, memory, s -> s.orders().intent(first, T0 + 1));
      assertThat(again.mongo().created()).isFalse();
      assertThat(again.memory().created()).isFalse();
      assertSameOrder(again.mongo().order(), again.memory().order());
      both(live, memory, s -> s.orders().intent(second, T0));

      both(live, memory, s -> s.orders().set(first.clOrdId(), new JsonObject().put("status", "UNKNOWN").put("reason", "x")));
      both(live, memory, s -> s.orders().set(first.clOrdId(), new JsonObject().put("status", "FILLED").put("settled", true)));
      both(live, memory, s -> s.orders().set(first.clOrdId(), new JsonObject().put("status", "NEW")));
      Both<Optional<JsonObject>> settled = both(live, memory, s -> s.orders().get(first.clOrdId()));
      assertThat(settled.memory().orElseThrow().getString("status")).as("a settled order never changes").isEqualTo("FILLED");
      assertSameOrder(settled.mongo().orElseThrow(), settled.memory().orElseThrow());
      assertThat(both(live, memory, s -> s.orders().get("nobody")).mongo()).isEmpty();
      assertThat(both(live, memory, s -> s.orders().get("nobody")).memory()).isEmpty();

      Both<List<JsonObject>> unsettled = both(live, memory, s -> s.orders().unsettled(Long.MAX_VALUE, 10));
      assertThat(ids(unsettled.memory())).containsExactly(second.clOrdId());
      assertThat(ids(unsettled.mongo())).containsExactlyElementsOf(ids(unsettled.memory()));

      List<JsonObject> documents = List.of(fill(first, 0, "0.2"), fill(first, 1, "0.3"));
      both(live, memory, s -> s.fills().saveAll(documents));
      both(live, memory, s -> s.fills().saveAll(documents));
      List<JsonObject> stored = new FillRepository(mongo).latest(first.signal().agentId(), 10, 0).await();
      assertThat(stored).extracting(f -> f.getString("_id")).containsExactlyInAnyOrder(first.clOrdId() + ":0",
          first.clOrdId() + ":1");
      assertThat(memoryFills.of(first.clOrdId())).extracting(Fill::quantity)
          .containsExactly(new BigDecimal("0.2"), new BigDecimal("0.3"));

      List<Fill> executions = memoryFills.of(first.clOrdId());
      String agentId = first.signal().agentId();
      for (int i = 0; i < 2; i++) {
        Both<Account> account = both(live, memory, s -> s.accounts().update(agentId, START,
            a -> ExecutionEngine.applyFills(a, first.clOrdId(), "BTCUSDT", true, executions)));
        assertThat(account.memory().cash()).isEqualByComparingTo(account.mongo().cash());
        assertThat(account.memory().trades()).isEqualTo(account.mongo().trades()).isEqualTo(2); // one per fill
        assertThat(account.memory().positions().get("BTCUSDT").quantity())
            .isEqualByComparingTo(account.mongo().positions().get("BTCUSDT").quantity()).isEqualByComparingTo("0.5");
      }
      assertThat(memoryAccounts.get(agentId, START).cash()).isEqualByComparingTo("9949.95");
    }
  }

  private record Stores(OrderStorePort orders, FillStorePort fills, AccountStorePort accounts) {}

  private interface Step<T> {
    Future<T> on(Stores stores);
  }

  private static <T> Both<T> both(Stores live, Stores memory, Step<T> step) {
    Future<T> inMemory = step.on(memory);
    assertThat(inMemory.isComplete()).as("completed at once").isTrue();
    return new Both<>(step.on(live).await(), inMemory.result());
  }

  private static void assertSameOrder(JsonObject mongo, JsonObject memory) {
    JsonObject a = mongo.copy();
    JsonObject b = memory.copy();
    a.remove("updatedAt");
    b.remove("updatedAt");
    assertThat(a).isEqualTo(b);
  }

  private static List<String> ids(List<JsonObject> orders) {
    List<String> ids = new ArrayList<>();
    orders.forEach(o -> ids.add(o.getString("_id")));
    return ids;
  }

  private static TradeTicket ticket(String agentId) {
    Signal signal = Signals.requested(agentId, "BTCUSDT", Signal.Action.BUY, 0.9, 100, "r1", T0, Duration.ofSeconds(30));
    return new TradeTicket(signal, Side.BUY, new BigDecimal("0.5"), Agent.Exchange.PAPER, T0);
  }

  private static JsonObject fill(TradeTicket ticket, int n, String quantity) {
    return new JsonObject().put("_id", ticket.clOrdId() + ":" + n).put("clOrdId", ticket.clOrdId())
        .put("agentId", ticket.signal().agentId()).put("symbol", "BTCUSDT").put("side", "BUY")
        .put("quantity", quantity).put("price", "100").put("fee", new BigDecimal(quantity).multiply(new BigDecimal("0.1"))
            .toPlainString()).put("at", T0 + n).put("exchange", "paper").put("signalId", ticket.signal().id());
  }
}
