package dev.mariposa.analysis;

import dev.mariposa.agent.Agent;
import dev.mariposa.analysis.llm.LlmModel;
import dev.mariposa.analysis.model.AnalysisModel;
import dev.mariposa.analysis.model.Ensemble;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.events.AnalysisResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One pass over the agents of one symbol and interval for one input. Each model answers the input
 * once for all of them (agents share the indicator work and the model calls: ten agents using
 * the same LLM cost one call), then each agent's ensemble votes with its own weights and limits.
 * LLMs answer on bar closes and requests only: on ticks and flow updates they are skipped, for cost.
 */
public final class BatchAnalyzer {
  private final ModelRegistry registry;
  private final String instanceId;
  private final LongSupplier clock;

  /** {@code clock}: the time results are stamped with (ms; simulated in a backtest). */
  public BatchAnalyzer(ModelRegistry registry, String instanceId, LongSupplier clock) {
    this.registry = registry;
    this.instanceId = instanceId;
    this.clock = clock;
  }

  /** One result per agent, in the agents' order. {@code since} is when the trigger was received (ms). */
  public Future<List<AnalysisResult>> run(ModelInput input, List<Agent> agents, long since) {
    Map<String, Future<ModelDecision>> answers = new HashMap<>();
    List<Future<AnalysisResult>> results = new ArrayList<>(agents.size());
    for (Agent agent : agents) {
      ModelRegistry.Resolved resolved = registry.resolve(agent);
      List<Future<ModelDecision>> decisions = new ArrayList<>(resolved.models().size());
      for (AnalysisModel model : resolved.models()) {
        decisions.add(answers.computeIfAbsent(model.name(), n -> ask(model, input)));
      }
      results.add(Future.all(decisions).map(all -> {
        List<ModelDecision> list = new ArrayList<>(decisions.size());
        decisions.forEach(d -> list.add(d.result()));
        return result(agent, input, Ensemble.vote(agent, list), resolved.notes(), since);
      }));
    }
    return Future.all(results).map(all -> results.stream().map(Future::result).toList());
  }

  private static Future<ModelDecision> ask(AnalysisModel model, ModelInput input) {
    if (model instanceof LlmModel && (input.trigger() == ModelInput.Trigger.TICK || input.trigger() == ModelInput.Trigger.FLOW)) {
      return Future.succeededFuture(ModelDecision.excluded(model.name(), ModelDecision.Status.SKIPPED,
          "LLMs answer on bar closes, not on ticks or flow updates"));
    }
    return model.decide(input);
  }

  private AnalysisResult result(Agent agent, ModelInput input, Ensemble.Verdict verdict, List<String> notes, long since) {
    long now = clock.getAsLong();
    return new AnalysisResult(agent.id(), input.symbol(), input.indicators().interval(), input.barOpenTime(),
        input.barCloseTime(), input.trigger().name().toLowerCase(java.util.Locale.ROOT), verdict.action().name(),
        verdict.confidence(), verdict.agreement(), input.price(), verdict.reasons(),
        new JsonArray(verdict.decisions().stream().map(ModelDecision::toJson).toList()).encode(),
        input.indicators().toJson().encode(), notes, instanceId, now, Math.max(0, now - since),
        input.book().map(b -> b.toJson().encode()).orElse(null));
  }
}
