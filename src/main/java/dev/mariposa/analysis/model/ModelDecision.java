package dev.mariposa.analysis.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One model's answer. Only {@link Status#OK} answers vote; the others (invalid, limited, broken,
 * unavailable) are left out of the ensemble and listed in the result with their reason.
 */
public record ModelDecision(String model, Status status, Action action, double confidence, List<String> reasons,
                            boolean cached, String detail) {

  public enum Status {
    OK, INVALID, RATE_LIMITED, CIRCUIT_OPEN, TIMEOUT, FAILED, UNAVAILABLE, SKIPPED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@code reasons}: a {@link Reasons} is kept as it is (formatted when read), any other list copied. */
  public static ModelDecision ok(String model, Action action, double confidence, List<String> reasons) {
    return new ModelDecision(model, Status.OK, action, confidence,
        reasons instanceof Reasons lazy ? lazy : List.copyOf(reasons), false, null);
  }

  /** A model that did not answer usefully: HOLD, no confidence, and why. */
  public static ModelDecision excluded(String model, Status status, String detail) {
    return new ModelDecision(model, status, Action.HOLD, 0, List.of(), false, detail);
  }

  public boolean usable() {
    return status == Status.OK;
  }

  public ModelDecision asCached() {
    return new ModelDecision(model, status, action, confidence, reasons, true, detail);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("model", model).put("status", status.key())
        .put("action", action.name()).put("confidence", confidence).put("reasons", new JsonArray(reasons));
    if (cached) {
      json.put("cached", true);
    }
    if (detail != null) {
      json.put("detail", detail);
    }
    return json;
  }

  /** Reads back what {@link #toJson()} wrote (the LLM answer cache). */
  public static ModelDecision fromJson(JsonObject json) {
    return new ModelDecision(json.getString("model"), Status.valueOf(json.getString("status").toUpperCase(java.util.Locale.ROOT)),
        Action.valueOf(json.getString("action")), json.getDouble("confidence"),
        json.getJsonArray("reasons").stream().map(String::valueOf).toList(), json.getBoolean("cached", false),
        json.getString("detail"));
  }
}
