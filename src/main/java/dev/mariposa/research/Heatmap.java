package dev.mariposa.research;

import dev.mariposa.command.UsageException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Two parameters against each other: each cell the best score over the sets with those two values
 * (whatever the others), with the status of that best (an accepted one if any, else rejected or
 * failed) and how many sets were run there.
 */
final class Heatmap {
  private Heatmap() {}

  /** The pair asked for, or the first two parameters with several values; none when there are not two. */
  static Optional<int[]> axes(SearchSpace space, Optional<List<String>> asked) throws UsageException {
    List<SearchSpace.Parameter> ps = space.parameters();
    if (asked.isPresent()) {
      int[] axes = new int[2];
      for (int a = 0; a < 2; a++) {
        String path = asked.get().get(a);
        axes[a] = -1;
        for (int i = 0; i < ps.size(); i++) {
          if (ps.get(i).path().equals(path)) {
            axes[a] = i;
          }
        }
        if (axes[a] < 0) {
          throw UsageException.alone("--heatmap " + path + " is not a parameter of the space (its parameters: "
              + String.join(", ", ps.stream().map(SearchSpace.Parameter::path).toList()) + ")");
        }
      }
      return Optional.of(axes);
    }
    int[] several = IntStream.range(0, ps.size()).filter(i -> ps.get(i).values().size() > 1).limit(2).toArray();
    return several.length == 2 ? Optional.of(several) : Optional.empty();
  }

  static JsonObject of(SearchSpace space, int[] axes, List<Trial> trials) {
    SearchSpace.Parameter x = space.parameters().get(axes[0]);
    SearchSpace.Parameter y = space.parameters().get(axes[1]);
    Trial[][] best = new Trial[y.values().size()][x.values().size()];
    int[][] count = new int[y.values().size()][x.values().size()];
    for (Trial t : trials) {
      int[] index = space.index(t.params());
      if (index == null) {
        continue;
      }
      int i = index[axes[1]];
      int j = index[axes[0]];
      count[i][j]++;
      if (best[i][j] == null || Trial.RANKING.compare(t, best[i][j]) < 0) {
        best[i][j] = t;
      }
    }
    JsonArray scores = new JsonArray();
    JsonArray statuses = new JsonArray();
    JsonArray counts = new JsonArray();
    for (int i = 0; i < best.length; i++) {
      JsonArray s = new JsonArray();
      JsonArray st = new JsonArray();
      JsonArray c = new JsonArray();
      for (int j = 0; j < best[i].length; j++) {
        s.add(best[i][j] == null ? null : best[i][j].score());
        st.add(best[i][j] == null ? null : best[i][j].status());
        c.add(count[i][j]);
      }
      scores.add(s);
      statuses.add(st);
      counts.add(c);
    }
    return new JsonObject().put("x", x.path()).put("y", y.path())
        .put("xValues", new JsonArray(new ArrayList<>(x.values())))
        .put("yValues", new JsonArray(new ArrayList<>(y.values())))
        .put("scores", scores).put("statuses", statuses).put("counts", counts);
  }
}
