package dev.mariposa.signal;

import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

/** The signal priority queue on a real redis-server: order, dedup, visibility, concurrency. */
@ExtendWith(VertxExtension.class)
class SignalQueueTest {
  private static final RedisKeys KEYS = new RedisKeys("test:");
  private static final Duration HOLD = Duration.ofSeconds(30);
  private static final String PENDING = KEYS.key("queue:", RedisKeys.tag("signals"), "pending");
  private static final String PROCESSING = KEYS.key("queue:", RedisKeys.tag("signals"), "processing");
  private static final String ITEMS = KEYS.key("queue:", RedisKeys.tag("signals"), "items");
  private static final String ATTEMPTS = KEYS.key("queue:", RedisKeys.tag("signals"), "attempts");
  private static final String POSTPONED = KEYS.key("queue:", RedisKeys.tag("signals"), "postponed");

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();
  private static SignalQueue queue;

  @BeforeAll
  static void startQueue() {
    queue = new SignalQueue(redis.connections(), new LuaScripts(), KEYS);
  }

  static Signal signal(String id, int priority, long barOpenTime, long createdAt) {
    return signal(id, "agent-1", "BTCUSDT", Signal.Action.BUY, priority, barOpenTime, Signal.Source.ANALYSIS, createdAt);
  }

  static Signal signal(String id, String agent, String symbol, Signal.Action action, int priority, long barOpenTime,
                       Signal.Source source, long createdAt) {
    return new Signal(id, agent, symbol, action, 0.7, priority, 100.0, barOpenTime, source, createdAt,
        createdAt + 30_000, List.of("test"));
  }

  private static List<String> drain() {
    List<String> ids = new ArrayList<>();
    for (Optional<SignalQueue.Taken> t = queue.take(HOLD).await(); t.isPresent(); t = queue.take(HOLD).await()) {
      ids.add(t.get().signal().id());
    }
    return ids;
  }

  @Test
  void higherPriorityFirstThenFifoEvenWhenOfferedOutOfOrder() {
    long t = 1_712_000_000_000L;
    List<Signal> offered = List.of(
        signal("low-late", 10, 3, t + 3),
        signal("exit-late", Signal.EXIT_PRIORITY, 5, t + 5),
        signal("low-early", 10, 1, t + 1),
        signal("api", Signal.API_PRIORITY, 2, t + 2),
        signal("exit-early", Signal.EXIT_PRIORITY, 4, t + 4),
        signal("zero", 0, 6, t),
        signal("max", Signal.MAX_PRIORITY, 7, t + 100));
    for (Signal s : offered) {
      assertThat(queue.offer(s).await()).as("offer " + s.id()).isTrue();
    }
    assertThat(queue.depth().await()).isEqualTo(7);
    assertThat(drain()).containsExactly("max", "exit-early", "exit-late", "api", "low-early", "low-late", "zero");
    assertThat(queue.depth().await()).isZero();
  }

  @Test
  void aSecondOfferWithTheSameDedupKeyIsRefused() {
    long t = System.currentTimeMillis();
    Signal first = signal("a:BTCUSDT:1000:buy", "a", "BTCUSDT", Signal.Action.BUY, 30, 1000, Signal.Source.ANALYSIS, t);
    Signal sameBarOtherAction = signal("a:BTCUSDT:1000:sell", "a", "BTCUSDT", Signal.Action.SELL, 40, 1000,
        Signal.Source.ANALYSIS, t + 1);
    Signal sameBarOtherId = signal("something-else", "a", "BTCUSDT", Signal.Action.BUY, 30, 1000, Signal.Source.ANALYSIS, t + 2);
    assertThat(sameBarOtherAction.dedupKey()).isEqualTo(first.dedupKey());

    assertThat(queue.offer(first).await()).isTrue();
    assertThat(queue.offer(sameBarOtherAction).await()).as("same agent, symbol, source, bar; other action").isFalse();
    assertThat(queue.offer(sameBarOtherId).await()).as("same agent, symbol, source, bar; other id").isFalse();
    assertThat(queue.offer(first).await()).as("the very same signal again").isFalse();
    assertThat(queue.depth().await()).isEqualTo(1);

    // Any part of the key differing makes another signal.
    assertThat(queue.offer(signal("o1", "b", "BTCUSDT", Signal.Action.BUY, 30, 1000, Signal.Source.ANALYSIS, t))
        .await()).as("other agent").isTrue();
    assertThat(queue.offer(signal("o2", "a", "ETHUSDT", Signal.Action.BUY, 30, 1000, Signal.Source.ANALYSIS, t))
        .await()).as("other symbol").isTrue();
    assertThat(queue.offer(signal("o3", "a", "BTCUSDT", Signal.Action.BUY, 30, 1000, Signal.Source.API, t))
        .await()).as("other source").isTrue();
    assertThat(queue.offer(signal("o4", "a", "BTCUSDT", Signal.Action.BUY, 30, 2000, Signal.Source.ANALYSIS, t))
        .await()).as("other bar").isTrue();
    assertThat(queue.depth().await()).isEqualTo(5);

    // Still refused once the first was taken and acknowledged: the key outlives the signal.
    List<String> taken = drain();
    assertThat(taken).hasSize(5).contains(first.id()).doesNotContain(sameBarOtherAction.id(), sameBarOtherId.id());
    taken.forEach(id -> queue.ack(id).await());
    assertThat(queue.offer(sameBarOtherAction).await()).isFalse();
  }

  @Test
  void takeMovesToProcessingAndAckRemoves() {
    long t = System.currentTimeMillis();
    Signal s = signal("only", 20, 1, t);
    assertThat(queue.offer(s).await()).isTrue();

    SignalQueue.Taken taken = queue.take(HOLD).await().orElseThrow();
    assertThat(taken.signal()).isEqualTo(s);
    assertThat(taken.attempt()).isEqualTo(1);
    assertThat(queue.depth().await()).isZero();
    assertThat(queue.take(HOLD).await()).as("not taken twice").isEmpty();
    assertThat(send(Request.cmd(Command.ZCARD).arg(PROCESSING)).toLong()).isEqualTo(1);
    long deadline = send(Request.cmd(Command.ZSCORE).arg(PROCESSING).arg(s.id())).toLong();
    assertThat(deadline).as("deadline on the Redis clock, 30 s away").isBetween(t + 29_000, t + 31_000);
    assertThat(queue.requeueLate(10).await()).as("before the deadline").isZero();

    queue.ack(s.id()).await();
    assertThat(send(Request.cmd(Command.ZCARD).arg(PROCESSING)).toLong()).isZero();
    assertThat(send(Request.cmd(Command.HLEN).arg(ITEMS)).toLong()).isZero();
    assertThat(send(Request.cmd(Command.HLEN).arg(ATTEMPTS)).toLong()).isZero();
    assertThat(queue.requeueLate(10).await()).isZero();
    assertThat(queue.take(HOLD).await()).isEmpty();
  }

  @Test
  void concurrentTakersOnTwoConnectionsTakeEverySignalExactlyOnce(Vertx vertx) throws Exception {
    RedisConnections other = redis.connect(vertx);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      SignalQueue second = new SignalQueue(other, new LuaScripts(), KEYS);
      long t = System.currentTimeMillis();
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        Signal s = signal("s" + i, i % 5 * 20, i, t + i);
        ids.add(s.id());
        assertThat(queue.offer(s).await()).isTrue();
      }
      Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> loops = new ArrayList<>();
      for (int loop = 0; loop < 8; loop++) {
        SignalQueue q = loop % 2 == 0 ? queue : second;
        loops.add(pool.submit(() -> {
          go.await();
          int mine = 0;
          for (Optional<SignalQueue.Taken> taken = q.take(HOLD).await(); taken.isPresent(); taken = q.take(HOLD).await()) {
            counts.computeIfAbsent(taken.get().signal().id(), k -> new AtomicInteger()).incrementAndGet();
            assertThat(taken.get().attempt()).isEqualTo(1);
            mine++;
          }
          return mine;
        }));
      }
      go.countDown();
      int total = 0;
      List<Integer> perLoop = new ArrayList<>();
      for (Future<Integer> f : loops) {
        int n = f.get(30, TimeUnit.SECONDS);
        perLoop.add(n);
        total += n;
      }
      assertThat(total).as("takes over all loops " + perLoop).isEqualTo(200);
      assertThat(counts.keySet()).isEqualTo(ids);
      assertThat(counts.values()).allMatch(c -> c.get() == 1);
      assertThat(send(Request.cmd(Command.ZCARD).arg(PROCESSING)).toLong()).isEqualTo(200);
      assertThat(queue.depth().await()).isZero();
    } finally {
      pool.shutdownNow();
      other.close().await();
    }
  }

  @Test
  void anUnackedSignalComesBackAfterItsVisibilityWithTheNextAttempt() throws Exception {
    long t = System.currentTimeMillis();
    Signal exit = signal("exit", "a", "BTCUSDT", Signal.Action.CLOSE, Signal.EXIT_PRIORITY, 1, Signal.Source.EXIT, t);
    assertThat(queue.offer(exit).await()).isTrue();

    SignalQueue.Taken first = queue.take(Duration.ofMillis(100)).await().orElseThrow();
    assertThat(first.attempt()).isEqualTo(1);
    assertThat(queue.requeueLate(10).await()).as("still within its visibility").isZero();
    // A lower-priority signal arrives while the exit is in flight.
    assertThat(queue.offer(signal("later", 10, 2, t + 50)).await()).isTrue();

    Thread.sleep(150);
    assertThat(queue.requeueLate(10).await()).isEqualTo(1);
    assertThat(send(Request.cmd(Command.ZCARD).arg(PROCESSING)).toLong()).isZero();
    assertThat(queue.depth().await()).isEqualTo(2);

    SignalQueue.Taken second = queue.take(HOLD).await().orElseThrow();
    assertThat(second.signal()).as("back with its own priority: before the later, lower one").isEqualTo(exit);
    assertThat(second.attempt()).isEqualTo(2);
    queue.ack(exit.id()).await();

    Thread.sleep(150);
    assertThat(queue.requeueLate(10).await()).as("acknowledged: nothing to put back").isZero();
    SignalQueue.Taken later = queue.take(HOLD).await().orElseThrow();
    assertThat(later.signal().id()).isEqualTo("later");
    assertThat(later.attempt()).isEqualTo(1);
  }

  @Test
  void aPostponedSignalWaitsThenComesBackBeforeLowerPrioritiesWithItsTakeNotCounted() {
    long t = 1_712_000_000_000L;
    queue.offer(signal("exit", Signal.EXIT_PRIORITY, 1, t)).await();
    queue.offer(signal("buy", 10, 2, t + 1)).await();
    assertThat(queue.take(HOLD).await().orElseThrow().signal().id()).isEqualTo("exit");

    queue.postpone("exit", Duration.ofMillis(200)).await();
    assertThat(queue.depth().await()).as("the postponed signal is still waiting").isEqualTo(2);
    queue.offer(signal("later-buy", 10, 3, t + 2)).await();
    assertThat(queue.take(HOLD).await().orElseThrow().signal().id()).as("taken during the wait").isEqualTo("buy");

    long until = send(Request.cmd(Command.ZSCORE).arg(POSTPONED).arg("exit")).toLong();
    Eventually.within(Duration.ofSeconds(5), "the wait over on the Redis clock", () -> {
      Response time = send(Request.cmd(Command.TIME));
      return time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000 >= until;
    });
    SignalQueue.Taken again = queue.take(HOLD).await().orElseThrow();
    assertThat(again.signal().id()).as("back with its priority").isEqualTo("exit");
    assertThat(again.attempt()).as("a postponed take is no attempt").isEqualTo(1);
  }

  @Test
  void aSignalPostponedBehindItsAgentsOrderIsWokenWhenTheOrderSettles() {
    long t = 1_712_000_000_000L;
    queue.offer(signal("sell", 10, 1, t)).await();
    queue.offer(signal("other-agent", 10, 2, t + 1)).await();
    assertThat(queue.take(HOLD).await().orElseThrow().signal().id()).isEqualTo("sell");
    queue.postponeUntilSettled("sell", "agent-1", Duration.ofMinutes(1)).await();
    assertThat(queue.take(HOLD).await().orElseThrow().signal().id()).as("the other one meanwhile").isEqualTo("other-agent");
    assertThat(queue.take(HOLD).await()).as("waiting for the settlement, not due for a minute").isEmpty();

    assertThat(queue.wake("agent-9").await()).as("another agent's settlement").isZero();
    assertThat(queue.wake("agent-1").await()).isEqualTo(1);
    SignalQueue.Taken again = queue.take(HOLD).await().orElseThrow();
    assertThat(again.signal().id()).as("due at once").isEqualTo("sell");
    assertThat(again.attempt()).as("a postponed take is no attempt").isEqualTo(1);
    assertThat(queue.wake("agent-1").await()).as("woken once").isZero();
  }

  @Test
  void aSignalWhoseProcessingFailedComesBackAfterItsWaitWithTheTakeCounted() {
    long t = 1_712_000_000_000L;
    queue.offer(signal("exit", Signal.EXIT_PRIORITY, 1, t)).await();
    assertThat(queue.take(HOLD).await().orElseThrow().attempt()).isEqualTo(1);

    queue.retryAfter("exit", Duration.ofMillis(100)).await();
    assertThat(queue.inProcess().await()).as("no longer in process").isZero();
    Eventually.within(Duration.ofSeconds(5), "back well before its visibility deadline",
        () -> queue.take(HOLD).await().map(again -> again.attempt() == 2).orElse(false));
  }

  @Test
  void requeueLateHonoursItsMaximum() throws Exception {
    long t = System.currentTimeMillis();
    for (int i = 0; i < 5; i++) {
      queue.offer(signal("r" + i, 10, i, t + i)).await();
      queue.take(Duration.ofMillis(50)).await().orElseThrow();
    }
    Thread.sleep(120);
    assertThat(queue.requeueLate(2).await()).isEqualTo(2);
    assertThat(queue.requeueLate(10).await()).isEqualTo(3);
    assertThat(drain()).containsExactly("r0", "r1", "r2", "r3", "r4");
  }

  @Test
  void scoresKeepMillisecondPrecision(Vertx vertx) throws Exception {
    assertThat(Signal.class.getMethod("score").getReturnType()).isEqualTo(long.class);
    long t = System.currentTimeMillis();
    for (int priority : new int[] {0, 37, Signal.MAX_PRIORITY}) {
      redis.flushAll(vertx);
      Signal earlier = signal("p" + priority + "-earlier", priority, 1, t);
      Signal later = signal("p" + priority + "-later", priority, 2, t + 1);
      assertThat(later.score() - earlier.score()).isEqualTo(1);
      assertThat(queue.offer(later).await()).isTrue();
      assertThat(queue.offer(earlier).await()).isTrue();
      // Redis stores the exact score (a double holds these integers exactly).
      assertThat(new java.math.BigDecimal(send(Request.cmd(Command.ZSCORE).arg(PENDING).arg(earlier.id())).toString())
          .longValueExact()).isEqualTo(earlier.score());
      assertThat(drain()).as("priority " + priority).containsExactly(earlier.id(), later.id());

      // Put back by requeueLate with the score read from the stored JSON: still exact.
      redis.connections().send(Request.cmd(Command.ZADD).arg(PROCESSING).arg(0).arg(earlier.id()).arg(0).arg(later.id())).await();
      assertThat(queue.requeueLate(10).await()).isEqualTo(2);
      assertThat(new java.math.BigDecimal(send(Request.cmd(Command.ZSCORE).arg(PENDING).arg(later.id())).toString())
          .longValueExact()).isEqualTo(later.score());
      assertThat(drain()).as("requeued, priority " + priority).containsExactly(earlier.id(), later.id());
    }
  }

  @Test
  void clientOrderIdIs32AlphanumericsStablePerId() {
    long t = System.currentTimeMillis();
    Signal a = signal("agent-1:BTCUSDT:1712000000000:buy", 30, 1, t);
    Signal aAgain = signal("agent-1:BTCUSDT:1712000000000:buy", "agent-1", "ETHUSDT", Signal.Action.SELL, 90, 9,
        Signal.Source.API, t + 5000);
    Signal ofAnother = signal("agent-1:BTCUSDT:1712000000000:buy", "other", "BTCUSDT", Signal.Action.BUY, 30, 1,
        Signal.Source.ANALYSIS, t);
    Signal b = signal("agent-1:BTCUSDT:1712000000000:sell", 30, 1, t);

    assertThat(a.clientOrderId()).hasSize(32).matches("[A-Za-z0-9]{32}");
    assertThat(aAgain.clientOrderId()).as("depends on the agent and the id only").isEqualTo(a.clientOrderId());
    assertThat(ofAnother.clientOrderId()).as("carries its agent").isNotEqualTo(a.clientOrderId());
    assertThat(a.clientOrderId()).isEqualTo(a.clientOrderId());
    assertThat(b.clientOrderId()).matches("[A-Za-z0-9]{32}").isNotEqualTo(a.clientOrderId());
    assertThat(Signal.fromJson(a.toJson()).clientOrderId()).isEqualTo(a.clientOrderId());
    assertThat(a.toJson().getString("clOrdId")).isEqualTo(a.clientOrderId());

    Set<String> many = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = signal("id-" + i, 30, 1, t).clientOrderId();
      assertThat(id).matches("[A-Za-z0-9]{32}");
      many.add(id);
    }
    assertThat(many).hasSize(10_000);
  }

  private static Response send(Request request) {
    return redis.connections().send(request).await();
  }
}
