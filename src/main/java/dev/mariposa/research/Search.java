package dev.mariposa.research;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A way through the search space: which parameter sets to run, all through the trial runner (and
 * so its store). Deterministic for a given seed, whatever the number of threads.
 */
interface Search {
  /** How many trials it will ask for (known ones included), for the progress bar. */
  long planned();

  /** Runs the search in {@code period}; returns every distinct trial it ran, in the order first asked. */
  List<Trial> run(TrialRunner runner, TrialRunner.Period period);

  /** What the report says of it: kind, budget, seed, population and generations. */
  JsonObject describe();
}
