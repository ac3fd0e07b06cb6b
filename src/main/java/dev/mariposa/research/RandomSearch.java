package dev.mariposa.research;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** {@code trials} distinct sets drawn from the grid with a seeded generator: the same seed, the same sets. */
final class RandomSearch implements Search {
  private final SearchSpace space;
  private final int trials;
  private final long seed;

  RandomSearch(SearchSpace space, int trials, long seed) {
    this.space = space;
    this.trials = trials;
    this.seed = seed;
  }

  static List<int[]> sets(SearchSpace space, int trials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long size = space.size();
    if (size <= 2L * trials) { // most of the grid: shuffle it all rather than draw and redraw
      List<int[]> all = GridSearch.sets(space);
      for (int i = all.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int[] t = all.get(i);
        all.set(i, all.get(j));
        all.set(j, t);
      }
      return List.copyOf(all.subList(0, (int) Math.min(trials, size)));
    }
    Set<String> drawn = new HashSet<>();
    List<int[]> sets = new ArrayList<>();
    while (sets.size() < trials) {
      int[] index = new int[space.parameters().size()];
      for (int i = 0; i < index.length; i++) {
        index[i] = random.nextInt(space.parameters().get(i).values().size());
      }
      if (drawn.add(SearchSpace.key(index))) {
        sets.add(index);
      }
    }
    return sets;
  }

  @Override
  public long planned() {
    return Math.min(trials, space.size());
  }

  @Override
  public List<Trial> run(TrialRunner runner, TrialRunner.Period period) {
    return runner.evaluate(period, sets(space, trials, seed));
  }

  @Override
  public JsonObject describe() {
    return new JsonObject().put("kind", "random").put("trials", trials).put("seed", seed).put("gridSets", space.size());
  }
}
