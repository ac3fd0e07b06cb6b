package dev.mariposa.analysis.llm;

import dev.mariposa.analysis.model.AnalysisModel;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelDecision.Status;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.redis.JsonCache;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code llm:<model>}: asks an OpenAI-compatible model for a decision on the indicator snapshot.
 * In order: the answer cache (by model and prompt hash, in Redis, shared by the cluster); a call
 * already in flight for the same prompt (coalesced); the cluster-wide rate limits; then the call
 * itself, through this model's circuit breaker (timeouts, 5xx and 429s open it). Whatever happens,
 * a decision comes back: a limited, broken or nonsensical model holds and says why.
 */
public final class LlmModel implements AnalysisModel {
  private final String name;
  private final String model;
  private final LlmClient client;
  private final AiGovernor governor;
  private final CircuitBreaker breaker;
  private final JsonCache cache;
  private final Function<String, String> cacheKey;
  private final Duration cacheTtl;
  private final Map<String, Future<ModelDecision>> inFlight = new HashMap<>();

  /** {@code cacheKey} maps a prompt hash to the Redis key of its cached answer. */
  public LlmModel(String model, LlmClient client, AiGovernor governor, CircuitBreaker breaker, JsonCache cache,
                  Function<String, String> cacheKey, Duration cacheTtl) {
    this.name = "llm:" + model;
    this.model = model;
    this.client = client;
    this.governor = governor;
    this.breaker = breaker;
    this.cache = cache;
    this.cacheKey = cacheKey;
    this.cacheTtl = cacheTtl;
  }

  @Override
  public String name() {
    return name;
  }

  /** Call from one event loop (the owning verticle's): the in-flight map is not shared. */
  @Override
  public Future<ModelDecision> decide(ModelInput input) {
    LlmPrompt prompt = LlmPrompt.of(model, input);
    String key = cacheKey.apply(prompt.hash());
    Future<ModelDecision> running = inFlight.get(key);
    if (running != null) {
      return running;
    }
    Future<ModelDecision> decision = cache.get(key)
        .compose(hit -> hit.isPresent()
            ? Future.succeededFuture(ModelDecision.fromJson(hit.get()).asCached())
            : ask(prompt, key))
        .recover(t -> Future.succeededFuture(ModelDecision.excluded(name, Status.FAILED, "cache: " + t.getMessage())))
        .onSuccess(governor::recordDecision)
        .eventually(() -> {
          inFlight.remove(key);
          return Future.succeededFuture();
        });
    if (!decision.isComplete()) {
      inFlight.put(key, decision);
    }
    return decision;
  }

  private Future<ModelDecision> ask(LlmPrompt prompt, String key) {
    return governor.permit(model).compose(permit -> {
      if (!permit.allowed()) {
        return Future.succeededFuture(ModelDecision.excluded(name, Status.RATE_LIMITED,
            "over the " + (permit.limitingIndex() == 0 ? "model's" : "provider key's") + " rate limit, retry in "
                + permit.retryAfter().toMillis() + " ms"));
      }
      long started = System.nanoTime();
      return breaker.<LlmClient.Reply>execute(() -> client.complete(prompt))
          .map(reply -> {
            governor.recordCall(model, System.nanoTime() - started, "ok");
            governor.recordUsage(model, reply.promptTokens(), reply.completionTokens());
            return LlmAnswer.parse(name, reply.content());
          })
          .compose(decision -> decision.usable()
              ? cache.put(key, decision.toJson(), cacheTtl).map(decision).otherwise(decision)
              : Future.succeededFuture(decision))
          .recover(t -> {
            ModelDecision failed = failure(t);
            if (failed.status() != Status.CIRCUIT_OPEN) {
              governor.recordCall(model, System.nanoTime() - started, failed.status().key());
            }
            return Future.succeededFuture(failed);
          });
    });
  }

  private ModelDecision failure(Throwable t) {
    if (t instanceof OpenCircuitException) {
      return ModelDecision.excluded(name, Status.CIRCUIT_OPEN, "circuit open after repeated failures");
    }
    if (t instanceof TimeoutException || t instanceof io.vertx.circuitbreaker.TimeoutException
        || t instanceof io.netty.handler.timeout.TimeoutException
        || String.valueOf(t.getMessage()).contains("timeout") || String.valueOf(t.getMessage()).contains("timed out")) {
      return ModelDecision.excluded(name, Status.TIMEOUT, "no answer within the timeout");
    }
    if (t instanceof LlmClient.LlmHttpException http) {
      return http.status() == 429
          ? ModelDecision.excluded(name, Status.RATE_LIMITED, "the provider answered 429"
              + (http.retryAfterSeconds() >= 0 ? ", retry after " + http.retryAfterSeconds() + " s" : ""))
          : ModelDecision.excluded(name, Status.FAILED, "the provider answered " + http.status());
    }
    if (t instanceof IllegalStateException) {
      return ModelDecision.excluded(name, Status.INVALID, t.getMessage());
    }
    return ModelDecision.excluded(name, Status.FAILED, t.getClass().getSimpleName() + ": " + t.getMessage());
  }
}
