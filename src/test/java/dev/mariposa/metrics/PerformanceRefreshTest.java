package dev.mariposa.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.testing.TestCluster;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periodic refresh reads an agent's fills only when its account changed: an idle agent costs
 * no read of its fills, a trading one has its newest fill in the figures.
 */
class PerformanceRefreshTest {
  @TempDir
  Path dir;

  @Test
  void fillsAreReadAgainOnlyWhenTheAccountChanged() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("perf", Map.of("ROLES", "http")); // no metrics role: only this test refreshes
      PerformanceService performance = node.verticles().performance();
      AccountRepository accounts = new AccountRepository(node.services().mongo());
      Agent agent = agent("refreshed");

      fill(node, "f1", "BUY", 1_000);
      account(accounts, agent, "o1");
      assertThat(figures(performance, agent).getInteger("fills")).isEqualTo(1);
      assertThat(figures(performance, agent).getInteger("fills")).as("read again once at the same version").isEqualTo(1);

      double before = fillReads(node);
      fill(node, "f2", "SELL", 2_000); // a fill whose account is not written yet
      assertThat(figures(performance, agent).getInteger("fills")).as("folded as held").isEqualTo(1);
      assertThat(fillReads(node)).as("fills read for an unchanged account").isEqualTo(before);

      account(accounts, agent, "o2");
      assertThat(figures(performance, agent).getInteger("fills")).as("the account changed: read again").isEqualTo(2);
      assertThat(figures(performance, agent).getInteger("roundTrips")).isEqualTo(1);
    }
  }

  private static JsonObject figures(PerformanceService performance, Agent agent) {
    List<JsonObject> refreshed = performance.refreshAll(List.of(agent)).await();
    assertThat(refreshed).hasSize(1);
    return refreshed.get(0);
  }

  private static double fillReads(Mariposa node) {
    Counter reads = node.services().registry().find("mariposa.mongo.commands").tag("command", "find")
        .tag("collection", "fills").counter();
    return reads == null ? 0 : reads.count();
  }

  private static void fill(Mariposa node, String id, String side, long at) {
    node.services().mongo().client().insert("fills", new JsonObject().put("_id", id).put("clOrdId", id)
        .put("agentId", "refreshed").put("symbol", "BTCUSDT").put("side", side).put("quantity", "0.01")
        .put("price", side.equals("BUY") ? "60000" : "61000").put("fee", "0.6").put("at", at)).await();
  }

  /** The account changed by an order (its version moves on), as the trade role writes it. */
  private static void account(AccountRepository accounts, Agent agent, String clOrdId) {
    accounts.update(agent.id(), BigDecimal.valueOf(10_000), (Account a) -> a.apply(clOrdId, "BTCUSDT", true,
        new BigDecimal("0.01"), new BigDecimal("60000"), BigDecimal.ZERO, 1_000)).await();
  }

  private static Agent agent(String id) {
    return new Agent(id, id, List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.5, 0.6,
        Agent.RiskLimits.defaults(), new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0);
  }
}
