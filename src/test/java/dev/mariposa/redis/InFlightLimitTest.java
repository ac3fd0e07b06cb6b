package dev.mariposa.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

/** The bound in front of the Redis Cluster client: never more in flight, every call completed, on its own context. */
@ExtendWith(VertxExtension.class)
class InFlightLimitTest {

  @Test
  void aBurstFromTwoContextsRunsAtMostTheLimitAtOnceAndAllComplete(Vertx vertx) throws Exception {
    InFlightLimit limit = new InFlightLimit(vertx, 4);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Promise<Integer>> started = new CopyOnWriteArrayList<>();
    List<String> wrongContext = new CopyOnWriteArrayList<>();
    List<Future<Integer>> results = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> issued = new CompletableFuture<>();
    AtomicInteger contextsDone = new AtomicInteger();
    for (Context context : List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext())) {
      context.runOnContext(v -> {
        for (int i = 0; i < 500; i++) {
          int n = i;
          results.add(limit.<Integer>call(() -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Promise<Integer> p = Promise.promise();
            started.add(p);
            return p.future();
          }).onComplete(ar -> {
            if (Vertx.currentContext() != context) {
              wrongContext.add("call " + n);
            }
          }));
        }
        if (contextsDone.incrementAndGet() == 2) {
          issued.complete(null);
        }
      });
    }
    issued.get(5, TimeUnit.SECONDS);
    // Complete the started calls from a timer (another thread), as replies arrive, until all 1000 are done.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int completed = 0;
    while (completed < 1000 && System.nanoTime() < deadline) {
      List<Promise<Integer>> now = new ArrayList<>(started);
      started.removeAll(now);
      for (Promise<Integer> p : now) {
        running.decrementAndGet();
        p.complete(completed++);
      }
      Thread.sleep(1);
    }
    assertThat(completed).isEqualTo(1000);
    assertThat(most.get()).as("most calls in flight at once").isLessThanOrEqualTo(4);
    assertThat(limit.waiting()).isZero();
    Thread.sleep(100);
    assertThat(results).hasSize(1000).allMatch(Future::succeeded);
    assertThat(wrongContext).as("each call completes on the context that made it").isEmpty();
  }
}
