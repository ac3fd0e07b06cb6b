package dev.mariposa.research;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;

/**
 * One parameter set run once: in {@code scope} (the whole period, or a walk-forward window's train
 * or test part), its key (the values' indices) and values, the score, why it was rejected if it
 * was, the figures of the run, or why it could not run (the agent AgentJson refused, a failure);
 * test runs keep their equity curve too ([[time ms, equity], ...], thinned).
 */
public record Trial(String scope, String key, JsonObject params, Double score, String rejected, JsonObject figures,
                    String error, long ms, JsonArray equity) {
  public static final String OK = "ok";
  public static final String REJECTED = "rejected";
  public static final String FAILED = "failed";

  /** Best first: accepted sets by score, then rejected ones by score, then failed ones; ties by key. */
  public static final Comparator<Trial> RANKING = Comparator.comparingInt(Trial::rank)
      .thenComparing(t -> t.score == null ? Double.NEGATIVE_INFINITY : t.score, Comparator.reverseOrder())
      .thenComparing(Trial::key, Trial::compareKeys);

  public String status() {
    return error != null ? FAILED : rejected != null ? REJECTED : OK;
  }

  public boolean accepted() {
    return error == null && rejected == null;
  }

  /** What a search maximizes: the score of an accepted set, else below every accepted one. */
  public double fitness() {
    return accepted() ? score : Double.NEGATIVE_INFINITY;
  }

  private int rank() {
    return error != null ? 2 : rejected != null ? 1 : 0;
  }

  /** Keys in grid order: 1-10 after 1-9. */
  static int compareKeys(String a, String b) {
    String[] x = a.split("-");
    String[] y = b.split("-");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("scope", scope).put("key", key).put("params", params)
        .put("status", status()).put("score", score);
    if (rejected != null) {
      json.put("rejected", rejected);
    }
    if (error != null) {
      json.put("error", error);
    }
    json.put("figures", figures).put("ms", ms);
    if (equity != null) {
      json.put("equity", equity);
    }
    return json;
  }

  public static Trial fromJson(JsonObject json) {
    Number score = json.getNumber("score");
    return new Trial(json.getString("scope"), json.getString("key"), json.getJsonObject("params"),
        score == null ? null : score.doubleValue(), json.getString("rejected"), json.getJsonObject("figures"),
        json.getString("error"), json.getLong("ms", 0L), json.getJsonArray("equity"));
  }
}
