package dev.mariposa.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.exchange.Fill;
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
 * The periodic refresh reads an agent's fills only when its account applied more of them: an idle
 * agent costs no read, a trading one has its newest fills in the figures, read by id when its
 * settled orders were heard, whole otherwise.
 */
class PerformanceRefreshTest {
  @TempDir
  Path dir;

  @Test
  void fillsAreReadOnlyWhenTheAccountAppliedMoreAndThenOnlyTheNewOnesWhenHeard() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("perf", Map.of("ROLES", "http")); // no metrics role: only this test refreshes
      PerformanceService performance = node.verticles().performance();
      AccountRepository accounts = new AccountRepository(node.services().mongo());
      Agent agent = agent("refreshed");

      fill(node, "o1:0", "BUY", 1_000);
      account(accounts, agent, "o1", true);
      assertThat(figures(performance, agent).getInteger("fills")).isEqualTo(1);
      double before = fillReads(node);
      assertThat(figures(performance, agent).getInteger("fills")).isEqualTo(1);
      assertThat(fillReads(node)).as("nothing read for an account that applied nothing since").isEqualTo(before);

      fill(node, "o2:0", "SELL", 2_000); // a fill whose account is not written yet
      assertThat(figures(performance, agent).getInteger("fills")).as("folded as held").isEqualTo(1);
      assertThat(fillReads(node)).as("fills read for an unchanged account").isEqualTo(before);

      account(accounts, agent, "o2", false);
      assertThat(figures(performance, agent).getInteger("fills")).as("not heard: read whole").isEqualTo(2);
      assertThat(figures(performance, agent).getInteger("roundTrips")).isEqualTo(1);
      assertThat(reads(node, "whole")).isEqualTo(2);

      fill(node, "o3:0", "BUY", 3_000);
      fill(node, "o3:1", "BUY", 3_001);
      account(accounts, agent, "o3", true);
      account(accounts, agent, "o3b", true); // the order's second fill: the account applied two
      performance.heard(event("o3", 3_000, 3_001));
      JsonObject figures = figures(performance, agent);
      assertThat(figures.getInteger("fills")).as("the heard fills folded on").isEqualTo(4);
      assertThat(reads(node, "whole")).as("and only they read").isEqualTo(2);
      assertThat(reads(node, "heard")).isEqualTo(1);
      assertThat(figures.copy().put("at", 0)).as("the same figures as all fills folded at once")
          .isEqualTo(wholeFigures(node, agent).put("at", 0));
    }
  }

  private static JsonObject wholeFigures(Mariposa node, Agent agent) {
    return node.verticles().performance().compute(agent).await();
  }

  private static double reads(Mariposa node, String kind) {
    return node.services().registry().get("mariposa.performance.fill.reads").tag("kind", kind).counter().count();
  }

  private static TradeEvent event(String clOrdId, long... at) {
    List<Fill> fills = java.util.Arrays.stream(at)
        .mapToObj(t -> new Fill(new BigDecimal("0.01"), new BigDecimal("60000"), new BigDecimal("0.6"), t)).toList();
    JsonObject order = new JsonObject().put("_id", clOrdId).put("clOrdId", clOrdId).put("agentId", "refreshed")
        .put("symbol", "BTCUSDT").put("side", "BUY").put("createdAt", at[0]);
    return TradeEvent.of(order, fills, null, BigDecimal.ONE);
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

  /** One fill applied to the account (its count and version move on), as the trade role writes it. */
  private static void account(AccountRepository accounts, Agent agent, String clOrdId, boolean buy) {
    accounts.update(agent.id(), BigDecimal.valueOf(10_000), (Account a) -> a.apply(clOrdId, "BTCUSDT", buy,
        new BigDecimal("0.01"), new BigDecimal("60000"), BigDecimal.ZERO, 1_000)).await();
  }

  private static Agent agent(String id) {
    return new Agent(id, id, List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.5, 0.6,
        Agent.RiskLimits.defaults(), new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0);
  }
}
