package dev.mariposa.events;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One agent's analysis of one symbol: the body of {@code analysis.result.<agentId>} (its schema is
 * events/analysis.result.schema.json). The parts the models and the indicators write (models,
 * indicators, book) are kept as their JSON text: immutable, shared by every local consumer, and
 * spliced into the body as they are. The optional fields ({@code book}, {@code notes},
 * {@code instance}, {@code latencyMs}) are null where a body has none.
 *
 * <p>Its JSON form is written in the order the analysis has always published in: agentId, symbol,
 * interval, barOpenTime, barCloseTime, trigger, action, confidence, agreement, price, reasons,
 * models, indicators, notes, instance, createdAt, latencyMs, book.
 */
public record AnalysisResult(String agentId, String symbol, String interval, long barOpenTime, long barCloseTime,
                             String trigger, String action, double confidence, double agreement, double price,
                             List<String> reasons, String modelsJson, String indicatorsJson, List<String> notes,
                             String instance, long createdAt, Long latencyMs, String bookJson) implements MarketEvent {

  public AnalysisResult {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(action, "action");
    reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
    Objects.requireNonNull(modelsJson, "models");
    Objects.requireNonNull(indicatorsJson, "indicators");
    notes = notes == null ? null : List.copyOf(notes);
  }

  /** Reads a published body (from Redis, the cache); throws IllegalArgumentException if it is not an analysis result. */
  public static AnalysisResult fromJson(JsonObject json) {
    try {
      return new AnalysisResult(json.getString("agentId"), json.getString("symbol"), json.getString("interval"),
          json.getLong("barOpenTime"), json.getLong("barCloseTime"), json.getString("trigger"), json.getString("action"),
          json.getDouble("confidence"), json.getDouble("agreement"), json.getDouble("price"),
          strings(json.getJsonArray("reasons")), Objects.requireNonNull(json.getJsonArray("models"), "no models").encode(),
          Objects.requireNonNull(json.getJsonObject("indicators"), "no indicators").encode(),
          json.getJsonArray("notes") == null ? null : strings(json.getJsonArray("notes")), json.getString("instance"),
          json.getLong("createdAt"), json.getLong("latencyMs"),
          json.getJsonObject("book") == null ? null : json.getJsonObject("book").encode());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an analysis result: " + e.getMessage(), e);
    }
  }

  /** BUY or SELL: an actionable verdict, one that becomes a signal. */
  public boolean actionable() {
    return action.equals("BUY") || action.equals("SELL");
  }

  /** When it was made: analysis results are stamped by the instance that made them. */
  @Override
  public long receivedAt() {
    return createdAt;
  }

  @Override
  public String encode() {
    JsonText text = new JsonText().field("agentId", agentId).field("symbol", symbol).field("interval", interval)
        .field("barOpenTime", barOpenTime).field("barCloseTime", barCloseTime).field("trigger", trigger)
        .field("action", action).field("confidence", confidence).field("agreement", agreement)
        .field("price", price).raw("reasons", Json.encode(reasons)).raw("models", modelsJson)
        .raw("indicators", indicatorsJson);
    if (notes != null) {
      text.raw("notes", Json.encode(notes));
    }
    if (instance != null) {
      text.field("instance", instance);
    }
    text.field("createdAt", createdAt).optional("latencyMs", latencyMs);
    if (bookJson != null) {
      text.raw("book", bookJson);
    }
    return text.end();
  }

  private static List<String> strings(JsonArray array) {
    return Objects.requireNonNull(array, "no reasons").stream().map(String::valueOf).toList();
  }
}
