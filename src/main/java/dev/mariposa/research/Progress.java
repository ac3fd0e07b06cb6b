package dev.mariposa.research;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The search's progress on stderr: trials done of the total, the best score so far and its
 * parameters, the pace and the time left; redrawn in place on a terminal (at most every 200 ms),
 * a line per tenth otherwise (a log, CI), nothing when quiet; and told to a {@link Listener} when
 * there is one (a run of the jobs role: its progress events and its cancel).
 */
final class Progress {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean terminal;
  private final boolean quiet;
  private final long started = System.nanoTime();
  private long total;
  private long done;
  private long ran;
  private String stage = "";
  private Trial best;
  private long lastDraw;
  private long lastTenth = -1;
  private long lastDrawn = -1;
  private final Listener listener;

  /** Told of the trials done of the total after each; it may throw to stop the search there (a cancel). */
  interface Listener {
    void trials(long done, long total);
  }

  Progress(PrintStream out, boolean terminal, boolean quiet) {
    this(out, terminal, quiet, (done, total) -> { });
  }

  Progress(PrintStream out, boolean terminal, boolean quiet, Listener listener) {
    this.out = out;
    this.terminal = terminal;
    this.quiet = quiet;
    this.listener = listener;
  }

  synchronized void total(long total) {
    this.total = total;
  }

  synchronized void addToTotal(long more) {
    this.total += more;
  }

  /** What is being searched now (a walk-forward window); its best starts over. */
  synchronized void stage(String stage) {
    this.stage = stage;
    this.best = null;
  }

  /** One trial done: {@code ran} false when the store knew it already (it costs nothing). */
  synchronized void done(Trial trial, boolean ran) {
    done++;
    if (ran) {
      this.ran++;
    }
    if (trial.accepted() && (best == null || Trial.RANKING.compare(trial, best) < 0)) {
      best = trial;
    }
    draw(false);
    listener.trials(done, total);
  }

  /** The listener told again: before work that is not trials (the guards), a cancel is heard here. */
  synchronized void checkpoint() {
    listener.trials(done, total);
  }

  synchronized void finish() {
    draw(true);
  }

  /** A line of what happens after the trials (the guards), unless quiet. */
  synchronized void note(String line) {
    if (!quiet) {
      out.println(line);
    }
  }

  private void draw(boolean last) {
    if (quiet) {
      return;
    }
    long now = System.nanoTime();
    if (last && done == lastDrawn) {
      if (terminal) {
        out.println();
      }
      return;
    }
    if (terminal) {
      if (!last && now - lastDraw < 200_000_000L) {
        return;
      }
      lastDraw = now;
      lastDrawn = done;
      String line = line(now);
      out.print("\r\033[K" + (line.length() > 200 ? line.substring(0, 199) + "…" : line) + (last ? "\n" : ""));
      out.flush();
    } else {
      long tenth = total == 0 ? 10 : done * 10 / Math.max(1, total);
      if (tenth != lastTenth || last) {
        lastTenth = tenth;
        lastDrawn = done;
        out.println(line(now));
      }
    }
  }

  private String line(long now) {
    int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
    int filled = percent * WIDTH / 100;
    double seconds = (now - started) / 1e9;
    double pace = seconds > 0 ? ran / seconds : 0;
    long left = Math.max(0, total - done);
    String eta = pace > 0 && left > 0 ? "  ETA " + format(Duration.ofMillis((long) (left / pace * 1000))) : "";
    String bestText = best == null ? "" : String.format("  best %.4f %s", best.score(), best.params().encode());
    return String.format("optimize%s [%s%s] %3d%% %,d/%,d trials  %.1f/s%s%s", stage.isEmpty() ? "" : " " + stage,
        "#".repeat(filled), "-".repeat(WIDTH - filled), percent, done, total, pace, eta, bestText);
  }

  private static String format(Duration d) {
    return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }
}
