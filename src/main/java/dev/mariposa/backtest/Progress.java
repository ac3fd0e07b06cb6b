package dev.mariposa.backtest;

import java.io.PrintStream;

/**
 * The progress bar on stderr: redrawn in place on a terminal (at most every 100 ms), a line per
 * tenth otherwise (a log, CI).
 */
final class Progress implements BacktestEngine.Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private long lastDraw;
  private int lastTenth = -1;

  Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void update(int done, int total, int orders) {
    int percent = total == 0 ? 100 : (int) (done * 100L / total);
    long nanos = System.nanoTime();
    if (terminal) {
      if (done < total && nanos - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = nanos;
      out.print("\r" + line(done, total, orders, percent) + (done == total ? "\n" : ""));
      out.flush();
    } else if (percent / 10 != lastTenth) {
      lastTenth = percent / 10;
      out.println(line(done, total, orders, percent));
    }
  }

  private String line(int done, int total, int orders, int percent) {
    int filled = percent * WIDTH / 100;
    double seconds = (System.nanoTime() - started) / 1e9;
    return String.format("backtest [%s%s] %3d%%  %,d/%,d events  %,d orders  %.1f s",
        "#".repeat(filled), "-".repeat(WIDTH - filled), percent, done, total, orders, seconds);
  }
}
