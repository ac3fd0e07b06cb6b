package dev.mariposa.backtest.runs;

import dev.mariposa.research.RequestedOptimization;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The optimisation fields of {@code POST /api/backtests} with {@code kind: optimize}: {@code space}
 * (the search space as {@code mariposa optimize --space} takes it, in JSON), {@code objective}
 * (sharpe by default), {@code minTrades}, {@code search} (grid by default, random or evolve),
 * {@code trials} (the budget of random and evolve, at most {@link RequestedOptimization#MAX_TRIALS};
 * a grid holds at most as many sets), {@code seed} and {@code walkForward} (train=60d,test=30d[,anchored]).
 * The space is checked against the agent once the agent is known ({@link RequestedOptimization#problems(
 * RequestedOptimization.Spec, dev.mariposa.agent.Agent)}).
 */
final class OptimizeRequest {
  static final Set<String> FIELDS = Set.of("space", "objective", "minTrades", "search", "trials", "seed", "walkForward");
  private static final int DEFAULT_TRIALS = 100;
  private static final int MAX_TEXT = 200;

  private OptimizeRequest() {}

  /** The spec of {@code body}, or empty with its problems added to {@code problems}. */
  static Optional<RequestedOptimization.Spec> parse(JsonObject body, List<String> problems) {
    int before = problems.size();
    JsonObject space = body.getValue("space") instanceof JsonObject s ? s : null;
    if (space == null) {
      problems.add("space: the parameters to search, e.g. {\"parameters\": {\"minConfidence\": {\"min\": 0.3, \"max\": 0.7,"
          + " \"step\": 0.1}}}");
    }
    String objective = text(body, "objective", "sharpe", problems);
    String search = text(body, "search", "grid", problems);
    if (search.equals("evolutionary")) {
      search = "evolve";
    }
    long minTrades = whole(body, "minTrades", 0, 0, 1_000_000, problems);
    long trials = whole(body, "trials", DEFAULT_TRIALS, 1, RequestedOptimization.MAX_TRIALS, problems);
    long seed = whole(body, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE, problems);
    if (search.equals("grid") && (body.containsKey("trials") || body.containsKey("seed"))) {
      problems.add((body.containsKey("trials") ? "trials" : "seed") + ": for search random or evolve: a grid runs every set");
    }
    Optional<String> walkForward = body.getValue("walkForward") == null ? Optional.empty()
        : Optional.of(text(body, "walkForward", "", problems));
    if (problems.size() > before) {
      return Optional.empty();
    }
    RequestedOptimization.Spec spec = new RequestedOptimization.Spec(space, objective, (int) minTrades, search, (int) trials,
        seed, walkForward);
    List<String> more = RequestedOptimization.problems(spec);
    problems.addAll(more);
    return more.isEmpty() ? Optional.of(spec) : Optional.empty();
  }

  /** The spec as stored with the run's request, read back by {@link #parse}. */
  static JsonObject toJson(RequestedOptimization.Spec spec) {
    JsonObject json = new JsonObject().put("space", spec.space()).put("objective", spec.objective())
        .put("minTrades", spec.minTrades()).put("search", spec.search());
    if (!spec.search().equals("grid")) {
      json.put("trials", spec.trials()).put("seed", spec.seed());
    }
    spec.walkForward().ifPresent(w -> json.put("walkForward", w));
    return json;
  }

  private static String text(JsonObject body, String field, String otherwise, List<String> problems) {
    Object value = body.getValue(field);
    if (value == null) {
      return otherwise;
    }
    if (value instanceof String text && !text.isBlank() && text.length() <= MAX_TEXT) {
      return text;
    }
    problems.add(field + ": a text of 1 to " + MAX_TEXT + " characters");
    return otherwise;
  }

  private static long whole(JsonObject body, String field, long otherwise, long min, long max, List<String> problems) {
    Object value = body.getValue(field);
    if (value == null) {
      return otherwise;
    }
    // Integers only: a JSON 1e309 is an infinite double, 2.5 is no count.
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
        && ((Number) value).longValue() <= max) {
      return ((Number) value).longValue();
    }
    problems.add(field + ": " + value + " is not a whole number" + (min == Long.MIN_VALUE ? "" : " from " + min + " to " + max));
    return otherwise;
  }
}
