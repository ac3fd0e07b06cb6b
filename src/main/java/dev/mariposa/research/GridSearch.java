package dev.mariposa.research;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Every parameter set, in grid order (the last parameter turning fastest). */
final class GridSearch implements Search {
  private final SearchSpace space;

  GridSearch(SearchSpace space) {
    this.space = space;
  }

  /** All the sets of {@code space}: only for a space whose size was checked. */
  static List<int[]> sets(SearchSpace space) {
    List<int[]> sets = new ArrayList<>();
    int n = space.parameters().size();
    int[] index = new int[n];
    while (true) {
      sets.add(index.clone());
      int i = n - 1;
      while (i >= 0 && ++index[i] == space.parameters().get(i).values().size()) {
        index[i--] = 0;
      }
      if (i < 0) {
        return sets;
      }
    }
  }

  @Override
  public long planned() {
    return space.size();
  }

  @Override
  public List<Trial> run(TrialRunner runner, TrialRunner.Period period) {
    return runner.evaluate(period, sets(space));
  }

  @Override
  public JsonObject describe() {
    return new JsonObject().put("kind", "grid").put("sets", space.size());
  }
}
