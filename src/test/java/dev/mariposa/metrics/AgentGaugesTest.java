package dev.mariposa.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Each agent's figures become gauges tagged with its id, as Prometheus scrapes them; a deleted agent's go. */
class AgentGaugesTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AgentGauges gauges = new AgentGauges(registry);

  @Test
  void figuresAreExportedPerAgentAndAMissingFigureKeepsItsLastValue() {
    gauges.record(figures("alpha", 10_250.5, 250.5).put("unrealized", -12.25).put("maxDrawdownPct", 3.5));
    gauges.record(figures("beta", 9_900, -100));
    gauges.record(new JsonObject().put("agentId", "alpha").put("equity", 10_300)); // realized not told

    String scrape = registry.scrape();
    assertThat(scrape).contains("mariposa_agent_equity{agent=\"alpha\"} 10300.0")
        .contains("mariposa_agent_pnl_realized{agent=\"alpha\"} 250.5")
        .contains("mariposa_agent_pnl_unrealized{agent=\"alpha\"} -12.25")
        .contains("mariposa_agent_drawdown_max_percent{agent=\"alpha\"} 3.5")
        .contains("mariposa_agent_equity{agent=\"beta\"} 9900.0")
        .contains("mariposa_agent_return_percent{agent=\"beta\"} -1.0")
        .contains("mariposa_agent_funding{agent=\"beta\"} NaN");
  }

  @Test
  void aDeletedAgentsGaugesAreRemoved() {
    gauges.record(figures("alpha", 10_000, 0));
    gauges.record(figures("beta", 10_000, 0));
    gauges.forget("alpha");
    gauges.record(new JsonObject().put("equity", 1)); // no agent: ignored

    assertThat(registry.scrape()).doesNotContain("agent=\"alpha\"").contains("mariposa_agent_equity{agent=\"beta\"}");
    assertThat(registry.find("mariposa.agent.equity").gauges()).hasSize(1);
  }

  private static JsonObject figures(String agentId, double equity, double realized) {
    return new JsonObject().put("agentId", agentId).put("equity", equity).put("realized", realized)
        .put("returnPct", (equity - 10_000) / 100);
  }
}
