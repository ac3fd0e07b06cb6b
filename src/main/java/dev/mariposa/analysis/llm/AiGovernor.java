package dev.mariposa.analysis.llm;

import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * AI governance for the whole cluster: every call first takes a token from two limits at once, the
 * model's and the provider key's (one atomic script on the Redis clock, so all instances share
 * them), and every answer's usage is counted in tokens and money. The key itself never appears:
 * its limit is named by a hash.
 */
public final class AiGovernor {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final RateLimiter limiter;
  private final RedisKeys keys;
  private final MariposaConfig.Ai config;
  private final String keyId;
  private final MeterRegistry registry;

  public AiGovernor(RateLimiter limiter, RedisKeys keys, MariposaConfig.Ai config, MeterRegistry registry) {
    this.limiter = limiter;
    this.keys = keys;
    this.config = config;
    this.registry = registry;
    this.keyId = config.apiKey().map(Secret::fingerprint).orElse("anonymous");
  }

  /** Whether {@code model} may be called now; the limits share the {ai} hash tag (one script, one slot). */
  public Future<RateLimiter.Decision> permit(String model) {
    String tag = RedisKeys.tag("ai");
    return limiter.acquire(List.of(
        RateLimiter.Limit.of(keys.key("ratelimit:", tag, "model", model), config.requestsPerMinute(), MINUTE),
        RateLimiter.Limit.of(keys.key("ratelimit:", tag, "key", keyId), config.keyRequestsPerMinute(), MINUTE)), 1);
  }

  /** Tokens and their cost, from the answer's usage field. */
  public void recordUsage(String model, long promptTokens, long completionTokens) {
    tokens(model, "prompt").increment(promptTokens);
    tokens(model, "completion").increment(completionTokens);
    MariposaConfig.Ai.Price price = config.prices().get(model);
    if (price != null) {
      Counter.builder("mariposa.ai.cost").baseUnit("usd").tag("model", model)
          .description("What the AI answers cost, from their usage and ai.pricePer1kTokens")
          .register(registry)
          .increment((promptTokens * price.prompt() + completionTokens * price.completion()) / 1000);
    }
  }

  /** Every decision of an LLM model by status: ok, invalid, rate_limited, circuit_open, timeout, failed. */
  public void recordDecision(ModelDecision decision) {
    Counter.builder("mariposa.ai.answers").tag("model", decision.model()).tag("status", decision.status().key())
        .tag("cached", String.valueOf(decision.cached()))
        .description("LLM model decisions by outcome").register(registry).increment();
  }

  public void recordCall(String model, long nanos, String outcome) {
    Timer.builder("mariposa.ai.requests").tag("model", model).tag("outcome", outcome)
        .description("Calls to the AI endpoint").register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Counter tokens(String model, String kind) {
    return Counter.builder("mariposa.ai.tokens").tag("model", model).tag("kind", kind)
        .description("Tokens used by the AI answers").register(registry);
  }

}
