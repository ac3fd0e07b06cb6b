package dev.mariposa.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** What the end-to-end benchmarks share: a paced publisher and the median of the runs. */
public final class BenchSupport {
  private BenchSupport() {}

  /** Calls {@code publish} {@code rate} times a second for {@code seconds}, on one event loop, catching up every ms. */
  static void pace(Vertx vertx, int rate, int seconds, Runnable publish) throws Exception {
    long total = (long) rate * seconds;
    long start = System.nanoTime();
    long[] sent = {0};
    var done = Promise.<Void>promise();
    vertx.runOnContext(v -> vertx.setPeriodic(1, id -> {
      long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
      while (sent[0] < due) {
        publish.run();
        sent[0]++;
      }
      if (sent[0] >= total && vertx.cancelTimer(id)) {
        done.complete();
      }
    }));
    done.future().await(seconds + 30L, TimeUnit.SECONDS);
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
