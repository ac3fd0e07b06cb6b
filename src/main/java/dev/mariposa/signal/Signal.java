package dev.mariposa.signal;

import dev.mariposa.bus.JsonDecimals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * What an agent wants done on one symbol, and how urgently. Its id is deterministic (agent,
 * symbol, bar or moment, action), so the same decision seen twice (two instances, a replayed
 * event) is one signal; its client order id is derived from the id (see {@link #clientOrderId()}).
 */
public record Signal(
    String id,
    String agentId,
    String symbol,
    Action action,
    double confidence,
    int priority,
    double referencePrice,
    long barOpenTime,
    Source source,
    long createdAt,
    long expiresAt,
    List<String> reasons) {

  public enum Action { BUY, SELL, CLOSE }

  /** Where it came from: an analysis result, the API, or the position guard (an exit). */
  public enum Source { ANALYSIS, API, EXIT }

  /** Priorities: exits first, then what a user asked for, then analyses by confidence (0–50). */
  public static final int EXIT_PRIORITY = 90;
  public static final int API_PRIORITY = 60;
  public static final int MAX_PRIORITY = 100;

  /** The one key per (agent, symbol, bar) under which the queue accepts a signal once. */
  public String dedupKey() {
    // A request through the API is one signal by its id (its request id: a retry is the same
    // signal); the others one per agent, symbol, source and bar.
    return source == Source.API ? id : agentId + ":" + symbol + ":" + source.name().toLowerCase(Locale.ROOT) + ":" + barOpenTime;
  }

  /** The client order id of this signal's order: see {@link ClientOrderIds}. */
  public String clientOrderId() {
    return ClientOrderIds.of(agentId, id);
  }

  /** Higher priority first; first in, first out within a priority (the time is in the score). */
  public long score() {
    return (MAX_PRIORITY - priority) * 10_000_000_000_000L + createdAt;
  }

  public boolean expired(long now) {
    return now > expiresAt;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id).put("agentId", agentId).put("symbol", symbol).put("action", action.name())
        .put("confidence", confidence).put("priority", priority)
        // The price's own decimal (a double's shortest form), written plainly; 0 when there was none.
        .put("referencePrice", JsonDecimals.number(Double.isFinite(referencePrice) ? referencePrice : 0))
        .put("barOpenTime", barOpenTime).put("source", source.name().toLowerCase(Locale.ROOT))
        .put("createdAt", createdAt).put("expiresAt", expiresAt).put("reasons", new JsonArray(reasons))
        .put("clOrdId", clientOrderId())
        // A string: Lua reads JSON numbers as doubles and prints them with 14 digits.
        .put("score", Long.toString(score()));
  }

  public static Signal fromJson(JsonObject json) {
    return new Signal(json.getString("id"), json.getString("agentId"), json.getString("symbol"),
        Action.valueOf(json.getString("action")), json.getDouble("confidence"), json.getInteger("priority"),
        json.getDouble("referencePrice"), json.getLong("barOpenTime"),
        Source.valueOf(json.getString("source").toUpperCase(Locale.ROOT)), json.getLong("createdAt"),
        json.getLong("expiresAt"), json.getJsonArray("reasons", new JsonArray()).stream().map(String::valueOf).toList());
  }
}
