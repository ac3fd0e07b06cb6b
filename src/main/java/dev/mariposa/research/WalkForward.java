package dev.mariposa.research;

import dev.mariposa.command.UsageException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walk-forward validation: the data cut into train windows, each followed by a test window; the
 * search runs on each train window (earlier data warming the indicators) and its best set is scored
 * on the test window after it, on data it never saw. Reports each window's in-sample and
 * out-of-sample score, the degradation between them, the out-of-sample equity stitched across the
 * test windows (returns compounded) and how stable each parameter's choice is.
 */
final class WalkForward {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final Pattern PART = Pattern.compile("(train|test)=(\\d+)([hdw])");

  private WalkForward() {}

  /** train=60d,test=30d[,anchored]: the windows' lengths, and whether train windows all start at the data's start. */
  record Spec(long trainMs, long testMs, boolean anchored, String text) {
    static Spec parse(String text) throws UsageException {
      Long train = null;
      Long test = null;
      boolean anchored = false;
      for (String part : text.split(",")) {
        String p = part.trim();
        Matcher m = PART.matcher(p);
        if (p.equals("anchored") || p.equals("rolling")) {
          anchored = p.equals("anchored");
        } else if (m.matches() && Long.parseLong(m.group(2)) > 0) {
          long unit = switch (m.group(3)) {
            case "h" -> Duration.ofHours(1).toMillis();
            case "d" -> DAY;
            default -> 7 * DAY;
          };
          long length = Long.parseLong(m.group(2)) * unit;
          if (m.group(1).equals("train")) {
            train = length;
          } else {
            test = length;
          }
        } else {
          throw UsageException.alone("--walk-forward " + text + ": \"" + p + "\" is not train=N[h|d|w], test=N[h|d|w],"
              + " anchored or rolling (e.g. train=60d,test=30d)");
        }
      }
      if (train == null || test == null) {
        throw UsageException.alone("--walk-forward " + text + ": needs both train=... and test=..., e.g. train=60d,test=30d");
      }
      return new Spec(train, test, anchored, text);
    }
  }

  /** One window, every bound inclusive (as Backtest.run takes its {@code to}). */
  record Window(int n, long trainFrom, long trainTo, long testFrom, long testTo) {
    String trainScope() {
      return "w" + n + "-train";
    }

    String testScope() {
      return "w" + n + "-test";
    }
  }

  /**
   * The windows over {@code [first, last]} (the data's span, or --from/--to within it): the first
   * train window starts at the first day's midnight (UTC) when the lengths are whole days, and
   * windows step by the test length while a whole test window fits.
   */
  static List<Window> windows(Spec spec, long first, long last) throws UsageException {
    long start = spec.trainMs() % DAY == 0 && spec.testMs() % DAY == 0 ? first - Math.floorMod(first, DAY) : first;
    List<Window> windows = new ArrayList<>();
    for (int k = 0; ; k++) {
      long trainEnd = start + spec.trainMs() + k * spec.testMs();
      long testTo = trainEnd + spec.testMs() - 1;
      if (testTo > last) {
        break;
      }
      long trainFrom = spec.anchored() ? start : start + k * spec.testMs();
      windows.add(new Window(k + 1, trainFrom, trainEnd - 1, trainEnd, testTo));
    }
    if (windows.isEmpty()) {
      throw UsageException.alone("--walk-forward " + spec.text() + ": the period " + Instant.ofEpochMilli(first) + " → "
          + Instant.ofEpochMilli(last) + " (" + Duration.ofMillis(last - first + 1).toHours() / 24.0
          + " days) holds no train window followed by a whole test window");
    }
    return windows;
  }

  /** What one window gave: the train trials, the chosen set and its test trial (none when no set was accepted). */
  record Outcome(Window window, List<Trial> train, Optional<Trial> chosen, Optional<Trial> test) {}

  static List<Outcome> run(List<Window> windows, Search search, TrialRunner runner, Progress progress) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Window w : windows) {
      progress.stage("window " + w.n() + "/" + windows.size());
      List<Trial> train = search.run(runner, new TrialRunner.Period(w.trainScope(), w.trainFrom(), w.trainTo(), false));
      Optional<Trial> chosen = train.stream().min(Trial.RANKING).filter(Trial::accepted);
      Optional<Trial> test = chosen.map(c -> runner.evaluate(new TrialRunner.Period(w.testScope(), w.testFrom(), w.testTo(), true),
          List.of(runner.space().index(c.params()))).get(0));
      outcomes.add(new Outcome(w, train, chosen, test));
    }
    return outcomes;
  }

  /** The report's walk-forward part: windows, overall degradation, stitched equity, parameter stability. */
  static JsonObject report(Spec spec, List<Outcome> outcomes, SearchSpace space, double startingBalance) {
    JsonArray windows = new JsonArray();
    List<Double> inSample = new ArrayList<>();
    List<Double> outOfSample = new ArrayList<>();
    JsonArray stitched = new JsonArray();
    double capital = startingBalance;
    for (Outcome o : outcomes) {
      Window w = o.window();
      JsonObject window = new JsonObject().put("n", w.n())
          .put("train", period(w.trainFrom(), w.trainTo())).put("test", period(w.testFrom(), w.testTo()))
          .put("trials", o.train().size());
      if (o.chosen().isPresent() && o.test().isPresent()) {
        Trial is = o.chosen().get();
        Trial oos = o.test().get();
        window.put("chosen", new JsonObject().put("key", is.key()).put("params", is.params()))
            .put("inSample", side(is)).put("outOfSample", side(oos));
        if (oos.score() != null) {
          inSample.add(is.score());
          outOfSample.add(oos.score());
          window.put("degradation", is.score() - oos.score());
          if (is.score() > 0) {
            window.put("efficiency", oos.score() / is.score());
          }
        }
        if (oos.figures() != null) {
          double start = number(oos.figures().getValue("startingBalance"));
          double end = number(oos.figures().getValue("equity"));
          stitched.add(new JsonArray().add(w.testFrom()).add(capital));
          for (Object point : oos.equity()) {
            JsonArray p = (JsonArray) point;
            stitched.add(new JsonArray().add(p.getLong(0)).add(capital * p.getDouble(1) / start));
          }
          capital *= end / start;
          stitched.add(new JsonArray().add(w.testTo()).add(capital));
        }
      } else {
        window.put("note", "no accepted set in the train window: nothing to test");
      }
      windows.add(window);
    }
    JsonObject overall = new JsonObject().put("windows", outcomes.size()).put("tested", outOfSample.size());
    if (!inSample.isEmpty()) {
      double meanIs = mean(inSample);
      double meanOos = mean(outOfSample);
      overall.put("meanInSample", meanIs).put("meanOutOfSample", meanOos).put("degradation", meanIs - meanOos);
      if (meanIs > 0) {
        overall.put("efficiency", meanOos / meanIs);
      }
    }
    overall.put("stitchedReturnPct", (capital / startingBalance - 1) * 100).put("stitchedEquity", capital);
    return new JsonObject().put("spec", spec.text()).put("mode", spec.anchored() ? "anchored" : "rolling")
        .put("trainDays", spec.trainMs() / (double) DAY).put("testDays", spec.testMs() / (double) DAY)
        .put("windows", windows).put("overall", overall).put("stitched", stitched)
        .put("stability", stability(outcomes, space));
  }

  /** Each parameter's chosen value per window, how many distinct, and their coefficient of variation. */
  private static JsonArray stability(List<Outcome> outcomes, SearchSpace space) {
    JsonArray out = new JsonArray();
    for (SearchSpace.Parameter p : space.parameters()) {
      JsonArray chosen = new JsonArray();
      Set<String> distinct = new LinkedHashSet<>();
      List<Double> numbers = new ArrayList<>();
      for (Outcome o : outcomes) {
        Object value = o.chosen().map(t -> t.params().getValue(p.path())).orElse(null);
        chosen.add(value);
        if (o.chosen().isPresent()) {
          distinct.add(String.valueOf(value));
          if (value instanceof Number n) {
            numbers.add(n.doubleValue());
          }
        }
      }
      JsonObject row = new JsonObject().put("path", p.path()).put("chosen", chosen).put("distinct", distinct.size());
      if (p.numeric() && numbers.size() > 1) {
        double mean = mean(numbers);
        double variance = numbers.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / numbers.size();
        row.put("mean", mean).put("stdev", Math.sqrt(variance));
        if (mean != 0) {
          row.put("cv", Math.sqrt(variance) / Math.abs(mean));
        }
      }
      out.add(row);
    }
    return out;
  }

  private static JsonObject side(Trial t) {
    JsonObject side = new JsonObject().put("status", t.status()).put("score", t.score()).put("figures", t.figures());
    if (t.rejected() != null) {
      side.put("rejected", t.rejected());
    }
    if (t.error() != null) {
      side.put("error", t.error());
    }
    return side;
  }

  static JsonObject period(long from, long to) {
    return new JsonObject().put("from", Instant.ofEpochMilli(from).toString()).put("to", Instant.ofEpochMilli(to).toString())
        .put("fromMs", from).put("toMs", to);
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }
}
