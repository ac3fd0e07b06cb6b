package dev.mariposa.agent;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents created on the very first start, so that the embedded demo trades something: a
 * momentum scalper on every configured symbol, a cautious one on the first, and with AI
 * configured an ensemble of the technical model and the first LLM. "First start" is remembered in
 * the {@code meta} collection: deleting every agent later does not bring them back.
 */
public final class DefaultAgents {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultAgents.class);
  private static final String MARKER = "seed:agents";

  private DefaultAgents() {}

  public static List<Agent> of(MariposaConfig config) {
    List<String> symbols = config.market().symbols();
    List<Agent> agents = new ArrayList<>();
    agents.add(agent("momentum-1m", "Momentum scalper", symbols, List.of(technical(1)), 0.5, 0.6));
    agents.add(agent("cautious-1m", "Cautious scalper", symbols.subList(0, 1), List.of(technical(1)), 0.7, 0.7));
    if (config.ai().enabled()) {
      String model = config.ai().models().get(0);
      agents.add(agent("ai-ensemble-1m", "Technical + " + model, symbols.subList(0, 1),
          List.of(technical(1), new Agent.ModelWeight(Agent.LLM_PREFIX + model, 1)), 0.6, 0.6));
    }
    return agents;
  }

  /** Creates the defaults once per database, whichever instance gets there first. */
  public static Future<List<Agent>> seedOnce(MongoStore store, AgentRepository agents, MariposaConfig config, long now) {
    JsonObject marker = new JsonObject().put("_id", MARKER).put("at", now).put("by", config.instanceId());
    return store.client().insert("meta", marker)
        .compose(first -> agents.createMissing(of(config), now)
            .onSuccess(created -> LOG.info("First start: created default agents {}", created.stream().map(Agent::id).toList())))
        .recover(t -> MongoStore.isDuplicateKey(t)
            ? Future.succeededFuture(List.of())
            : Future.failedFuture(t));
  }

  private static Agent.ModelWeight technical(double weight) {
    return new Agent.ModelWeight(Agent.TECHNICAL, weight);
  }

  private static Agent agent(String id, String name, List<String> symbols, List<Agent.ModelWeight> models,
                             double minConfidence, double agreement) {
    return new Agent(id, name, List.copyOf(symbols), "1m", models, minConfidence, agreement,
        Agent.RiskLimits.defaults(), new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0);
  }
}
