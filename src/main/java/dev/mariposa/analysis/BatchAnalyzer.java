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
import java.util.IdentityHashMap;
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

  /** One agent's verdict on an input, and what was changed from its models' definition and why. */
  public record AgentVerdict(Agent agent, Ensemble.Verdict verdict, List<String> notes) {}

  /** One result per agent, in the agents' order. {@code since} is when the trigger was received (ms). */
  public Future<List<AnalysisResult>> run(ModelInput input, List<Agent> agents, long since) {
    return verdicts(input, agents).map(verdicts -> {
      List<AnalysisResult> results = new ArrayList<>(verdicts.size());
      verdicts.forEach(v -> results.add(result(v.agent(), input, v.verdict(), v.notes(), since)));
      return results;
    });
  }

  /**
   * Each agent's verdict, in the agents' order: the decisions of {@link #run} without the results'
   * JSON, for a backtest, which publishes nothing and acts on the few BUYs and SELLs only.
   */
  public Future<List<AgentVerdict>> verdicts(ModelInput input, List<Agent> agents) {
    // By the model itself: agents resolved to one model instance share its answer (one LLM call for ten agents).
    Map<AnalysisModel, Future<ModelDecision>> answers = new IdentityHashMap<>();
    List<Future<AgentVerdict>> verdicts = new ArrayList<>(agents.size());
    for (Agent agent : agents) {
      ModelRegistry.Resolved resolved = registry.resolve(agent);
      List<Future<ModelDecision>> decisions = new ArrayList<>(resolved.models().size());
      for (AnalysisModel model : resolved.models()) {
        decisions.add(answers.computeIfAbsent(model, m -> ask(m, input)));
      }
      verdicts.add(joined(decisions).map(list -> new AgentVerdict(agent, Ensemble.vote(agent, list), resolved.notes())));
    }
    return joined(verdicts);
  }

  /** The futures' results in order, at once when all are (built-in models answer synchronously). */
  private static <T> Future<List<T>> joined(List<Future<T>> futures) {
    List<T> results = new ArrayList<>(futures.size());
    for (Future<T> future : futures) {
      if (!future.succeeded()) {
        return Future.all(futures).map(all -> futures.stream().map(Future::result).toList());
      }
      results.add(future.result());
    }
    return Future.succeededFuture(results);
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
