package dev.mariposa.signal;

import dev.mariposa.agent.Execution;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * How a resting entry lives after it is placed, fixed when the risk gate approved it: the agent's
 * execution style then (an edit of the agent does not change an order under way) and the mid it
 * was sized at, from which its chase is bounded ({@link Execution#slippageBound}), and the oldest
 * quote it may be repriced on (the agent's ticker age limit).
 */
public record RestingPlan(Execution execution, BigDecimal referencePrice, Duration maxQuoteAge) {
  public JsonObject toJson() {
    return execution.toJson().put("referencePrice", referencePrice.toPlainString())
        .put("maxQuoteAgeMs", maxQuoteAge.toMillis());
  }

  public static RestingPlan fromJson(JsonObject json) {
    return new RestingPlan(Execution.fromJson(json), new BigDecimal(json.getString("referencePrice")),
        Duration.ofMillis(json.getLong("maxQuoteAgeMs")));
  }
}
