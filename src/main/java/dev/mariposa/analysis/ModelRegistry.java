package dev.mariposa.analysis;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.TechnicalParams;
import dev.mariposa.analysis.llm.AiGovernor;
import dev.mariposa.analysis.llm.LlmClient;
import dev.mariposa.analysis.llm.LlmModel;
import dev.mariposa.analysis.model.AnalysisModel;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.TechnicalModel;
import dev.mariposa.analysis.orderflow.OrderFlowModel;
import dev.mariposa.analysis.orderflow.OrderFlowParams;
import dev.mariposa.analysis.remote.RemoteModel;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns an agent's model names into models. {@code technical} and {@code orderflow} are one shared
 * instance each; each
 * {@code llm:<model>} and each {@code remote:<name>} is built once, with its own circuit breaker.
 * An LLM the configuration cannot
 * serve (no AI_BASE_URL, or a model not in AI_MODELS) becomes a model that always answers
 * "unavailable", and an agent left with no model that can answer gets the technical one: the
 * result says so in its notes. One per analysis verticle: the models are used from its event loop.
 * A backtest uses one {@link #builtInOnly with built-in models only}: the same resolution, the same
 * notes.
 */
public final class ModelRegistry {
  private final TechnicalModel technical = new TechnicalModel();
  /** The technical model of each agent's settings: agents with the same settings share one, and its answer. */
  private final Map<TechnicalParams, TechnicalModel> technicals = new HashMap<>();
  private final OrderFlowModel orderFlow;
  /** Builds the model of an LLM the configuration serves; empty when LLMs cannot be asked at all. */
  private final Optional<Function<String, AnalysisModel>> llmFactory;
  private final Set<String> servedModels;
  /** Why an LLM is left out when {@link #llmFactory} is empty. */
  private final String noLlms;
  /** Builds a remote model by name; empty where remote models are not asked (backtests). */
  private final Optional<Function<String, AnalysisModel>> remoteFactory;
  private final Runnable closer;
  private final Map<String, AnalysisModel> llms = new HashMap<>();
  private final Map<String, AnalysisModel> remotes = new HashMap<>();

  /** The models of one agent, and what was changed from its definition and why. */
  public record Resolved(List<AnalysisModel> models, List<String> notes) {}

  private ModelRegistry(OrderFlowParams orderFlow, Optional<Function<String, AnalysisModel>> llmFactory,
                        Set<String> servedModels, String noLlms, Optional<Function<String, AnalysisModel>> remoteFactory,
                        Runnable closer) {
    this.orderFlow = new OrderFlowModel(orderFlow);
    this.llmFactory = llmFactory;
    this.servedModels = servedModels;
    this.noLlms = noLlms;
    this.remoteFactory = remoteFactory;
    this.closer = closer;
  }

  /** The analysis role's models: LLMs over the configured OpenAI-compatible API, rate-limited cluster-wide. */
  public static ModelRegistry live(Vertx vertx, MariposaConfig config, AnalysisStore store, RateLimiter limiter,
                                   RedisKeys keys, JsonCache cache, MeterRegistry meters) {
    MariposaConfig.Ai ai = config.ai();
    OrderFlowParams orderFlow = OrderFlowParams.of(config.analysis().orderFlow());
    Optional<Function<String, AnalysisModel>> remotes = Optional.of(
        name -> new RemoteModel(vertx, name, config.analysis().remote(), meters));
    if (!ai.enabled()) {
      return new ModelRegistry(orderFlow, Optional.empty(), Set.of(), "AI_BASE_URL is not set", remotes, () -> {});
    }
    LlmClient client = new LlmClient(vertx, ai);
    AiGovernor governor = new AiGovernor(limiter, keys, ai, meters);
    Function<String, AnalysisModel> factory = model -> {
      CircuitBreaker breaker = CircuitBreaker.create("llm:" + model, vertx, new CircuitBreakerOptions()
          .setMaxFailures(ai.breakerFailures())
          .setTimeout(ai.timeout().toMillis())
          .setResetTimeout(ai.breakerReset().toMillis()));
      return new LlmModel(model, client, governor, breaker, cache,
          hash -> store.llmAnswerKey(model, hash), config.cache().analysisTtl());
    };
    return new ModelRegistry(orderFlow, Optional.of(factory), Set.copyOf(ai.models()), "", remotes, client::close);
  }

  /**
   * Built-in models only; every LLM and remote model is left out with {@code why}, as on an
   * instance without AI.
   */
  public static ModelRegistry builtInOnly(String why) {
    return builtInOnly(why, OrderFlowParams.defaults());
  }

  /** Built-in models only, {@code orderflow} with {@code orderFlow}'s thresholds. */
  public static ModelRegistry builtInOnly(String why, OrderFlowParams orderFlow) {
    return new ModelRegistry(orderFlow, Optional.empty(), Set.of(), why, Optional.empty(), () -> {});
  }

  /**
   * Built-in models, and {@code remote:<name>} models answered in process by {@code remoteModels}
   * (research runs: a model under study, or the deliberately leaky one the look-ahead check must catch).
   */
  public static ModelRegistry builtInWith(String why, OrderFlowParams orderFlow,
                                          Function<String, AnalysisModel> remoteModels) {
    return new ModelRegistry(orderFlow, Optional.empty(), Set.of(), why, Optional.of(remoteModels), () -> {});
  }

  public Resolved resolve(Agent agent) {
    List<AnalysisModel> models = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean canAnswer = false;
    for (Agent.ModelWeight spec : agent.models()) {
      if (spec.isRemote()) {
        if (remoteFactory.isEmpty()) {
          notes.add(noLlms + ": " + spec.name() + " is left out");
          models.add(unavailable(spec.name(), noLlms));
        } else {
          // Counts as able to answer: whether its process is connected is known only when asked.
          models.add(remotes.computeIfAbsent(spec.remoteName(), remoteFactory.get()));
          canAnswer = true;
        }
      } else if (spec.isOrderFlow()) {
        models.add(orderFlow);
        canAnswer = true;
      } else if (!spec.isLlm()) {
        models.add(spec.params().equals(TechnicalParams.STANDARD) ? technical
            : technicals.computeIfAbsent(spec.params(), TechnicalModel::new));
        canAnswer = true;
      } else if (llmFactory.isEmpty()) {
        notes.add(noLlms + ": " + spec.name() + " is left out");
        models.add(unavailable(spec.name(), noLlms));
      } else if (!servedModels.contains(spec.llmModel())) {
        notes.add(spec.llmModel() + " is not in AI_MODELS: " + spec.name() + " is left out");
        models.add(unavailable(spec.name(), "not in AI_MODELS"));
      } else {
        models.add(llms.computeIfAbsent(spec.llmModel(), llmFactory.get()));
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
    closer.run();
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
