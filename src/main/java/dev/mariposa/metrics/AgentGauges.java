package dev.mariposa.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Each agent's latest figures (as {@code perf.agent.<id>} tells them) as Prometheus gauges tagged
 * {@code agent}: equity, realized and unrealized P/L, return, max drawdown, funding. Every metrics
 * instance hears the same events, so every one exports the same values (a dashboard takes
 * {@code max by (agent)}). The tag's values are the agents' ids: as many series as agents, and an
 * agent's gauges go when it is deleted.
 */
public final class AgentGauges {
  /** The exported figure, by its meter name, and the figure of {@link Performance#toJson()} it reads. */
  private static final List<Figure> FIGURES = List.of(
      new Figure("mariposa.agent.equity", "equity", "The agent's equity (cash, positions at the live marks)"),
      new Figure("mariposa.agent.pnl.realized", "realized", "The agent's realized profit after fees"),
      new Figure("mariposa.agent.pnl.unrealized", "unrealized", "The agent's open positions' profit at the live marks"),
      new Figure("mariposa.agent.return.percent", "returnPct", "The agent's return on its starting balance, in %"),
      new Figure("mariposa.agent.drawdown.max.percent", "maxDrawdownPct", "The agent's largest equity drawdown, in %"),
      new Figure("mariposa.agent.funding", "funding", "Funding the agent's swaps received (negative: paid)"));

  private record Figure(String meter, String field, String description) {}

  private final MeterRegistry meters;
  private final Map<String, Exported> agents = new HashMap<>();

  public AgentGauges(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Takes an agent's figures (a {@code perf.agent.<id>} event); a figure missing keeps its last value. */
  public void record(JsonObject figures) {
    String agentId = figures.getString("agentId");
    if (agentId == null) {
      return;
    }
    Exported exported = agents.computeIfAbsent(agentId, this::register);
    for (int i = 0; i < FIGURES.size(); i++) {
      if (figures.getValue(FIGURES.get(i).field()) instanceof Number n) {
        exported.values.set(i, n.doubleValue());
      }
    }
  }

  /** Removes a deleted agent's gauges. */
  public void forget(String agentId) {
    Exported exported = agents.remove(agentId);
    if (exported != null) {
      exported.gauges.forEach(meters::remove);
    }
  }

  private Exported register(String agentId) {
    AtomicReferenceArray<Double> values = new AtomicReferenceArray<>(FIGURES.size());
    List<Meter> gauges = new ArrayList<>();
    for (int i = 0; i < FIGURES.size(); i++) {
      int index = i;
      Figure figure = FIGURES.get(i);
      gauges.add(Gauge.builder(figure.meter(), values, v -> v.get(index) == null ? Double.NaN : v.get(index))
          .description(figure.description()).tag("agent", agentId).register(meters));
    }
    return new Exported(values, gauges);
  }

  private record Exported(AtomicReferenceArray<Double> values, List<Meter> gauges) {}
}
