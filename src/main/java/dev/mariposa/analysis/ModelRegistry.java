package dev.mariposa.analysis;

import dev.mariposa.Platform;
import dev.mariposa.agent.Agent;
import dev.mariposa.analysis.llm.AiGovernor;
import dev.mariposa.analysis.llm.LlmClient;
import dev.mariposa.analysis.llm.LlmModel;
import dev.mariposa.analysis.model.AnalysisModel;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.TechnicalModel;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.redis.RateLimiter;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an agent's model names into models. {@code technical} is one shared instance; each
 * {@code llm:<model>} is built once, with its own circuit breaker. An LLM the configuration cannot
 * serve (no AI_BASE_URL, or a model not in AI_MODELS) becomes a model that always answers
 * "unavailable", and an agent left with no model that can answer gets the technical one: the
 * result says so in its notes. One per analysis verticle: the models are used from its event loop.
 */
final class ModelRegistry {
  private final Vertx vertx;
  private final MariposaConfig.Ai ai;
  private final TechnicalModel technical = new TechnicalModel();
  private final Optional<LlmClient> client;
  private final Optional<AiGovernor> governor;
  private final AnalysisStore store;
  private final Platform platform;
  private final Map<String, AnalysisModel> llms = new HashMap<>();

  /** The models of one agent, and what was changed from its definition and why. */
  record Resolved(List<AnalysisModel> models, List<String> notes) {}

  ModelRegistry(Vertx vertx, Platform platform, AnalysisStore store) {
    this.vertx = vertx;
    this.platform = platform;
    this.ai = platform.config().ai();
    this.store = store;
    this.client = ai.enabled() ? Optional.of(new LlmClient(vertx, ai)) : Optional.empty();
    this.governor = client.map(c -> new AiGovernor(new RateLimiter(platform.redis(), platform.scripts()),
        platform.keys(), ai, platform.registry()));
  }

  TechnicalModel technical() {
    return technical;
  }

  Resolved resolve(Agent agent) {
    List<AnalysisModel> models = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean canAnswer = false;
    for (Agent.ModelWeight spec : agent.models()) {
      if (!spec.isLlm()) {
        models.add(technical);
        canAnswer = true;
      } else if (client.isEmpty()) {
        notes.add("AI_BASE_URL is not set: " + spec.name() + " is left out");
        models.add(unavailable(spec.name(), "AI_BASE_URL is not set"));
      } else if (!ai.models().contains(spec.llmModel())) {
        notes.add(spec.llmModel() + " is not in AI_MODELS: " + spec.name() + " is left out");
        models.add(unavailable(spec.name(), "not in AI_MODELS"));
      } else {
        models.add(llms.computeIfAbsent(spec.llmModel(), this::llm));
        canAnswer = true;
      }
    }
    if (!canAnswer) {
      notes.add("no configured model can answer: the technical model is used");
      models.add(technical);
    }
    return new Resolved(models, notes);
  }

  void close() {
    client.ifPresent(LlmClient::close);
  }

  private AnalysisModel llm(String model) {
    CircuitBreaker breaker = CircuitBreaker.create("llm:" + model, vertx, new CircuitBreakerOptions()
        .setMaxFailures(ai.breakerFailures())
        .setTimeout(ai.timeout().toMillis())
        .setResetTimeout(ai.breakerReset().toMillis()));
    return new LlmModel(model, client.orElseThrow(), governor.orElseThrow(), breaker, platform.cache(),
        hash -> store.llmAnswerKey(model, hash), platform.config().cache().analysisTtl());
  }

  private static AnalysisModel unavailable(String name, String why) {
    ModelDecision decision = ModelDecision.excluded(name, ModelDecision.Status.UNAVAILABLE, why);
    return new AnalysisModel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<ModelDecision> decide(dev.mariposa.analysis.model.ModelInput input) {
        return Future.succeededFuture(decision);
      }
    };
  }
}
