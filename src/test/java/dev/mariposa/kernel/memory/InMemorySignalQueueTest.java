package dev.mariposa.kernel.memory;

import dev.mariposa.kernel.port.SignalQueuePort;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalQueue;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory signal queue against the Redis one (its Lua scripts on a real redis-server): the
 * same offers, takes, acknowledgements and forgets, in a seeded random order, give the same
 * answers step by step: the same duplicates, the same signals taken in the same order with the
 * same attempt counts. Ties of score fall to the ids in byte order, which ids with characters
 * beyond the BMP tell apart from Java's UTF-16 order.
 */
class InMemorySignalQueueTest {
  private static final Duration HOLD = Duration.ofMinutes(5);
  private static final long T0 = 1_726_876_800_000L; // 2024-09-21T00:00:00Z
  /** Agents whose ids sort differently by bytes (Redis) and by UTF-16 units (String.compareTo). */
  private static final List<String> AGENTS = List.of("a1", "B2", "\uFF21", "\uD83D\uDE00");

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();

  @Test
  void theSameStepsGiveTheSameAnswersAsTheRedisQueue() {
    for (long seed = 1; seed <= 5; seed++) {
      SignalQueue live = new SignalQueue(redis.connections(), new LuaScripts(), new RedisKeys("parity-" + seed + ":"));
      InMemorySignalQueue memory = new InMemorySignalQueue(() -> T0);
      Random random = new Random(seed);
      List<Signal> offered = new ArrayList<>();
      List<String> taken = new ArrayList<>();
      int duplicates = 0;
      for (int step = 0; step < 400; step++) {
        int what = random.nextInt(10);
        if (what < 5) {
          Signal signal = signal(random);
          boolean queued = both(live.offer(signal), memory.offer(signal), "offer " + signal.id());
          duplicates += queued ? 0 : 1;
          offered.add(signal);
        } else if (what < 8) {
          Optional<SignalQueuePort.Taken> next = both(live.take(HOLD), memory.take(HOLD), "take at step " + step);
          next.ifPresent(t -> taken.add(t.signal().id()));
        } else if (what < 9 && !taken.isEmpty()) {
          String id = taken.remove(random.nextInt(taken.size()));
          both(live.ack(id), memory.ack(id), "ack " + id);
        } else if (!offered.isEmpty()) {
          Signal signal = offered.get(random.nextInt(offered.size()));
          both(live.forget(signal), memory.forget(signal), "forget " + signal.id());
        }
      }
      for (Optional<SignalQueuePort.Taken> next = both(live.take(HOLD), memory.take(HOLD), "drain");
           next.isPresent(); next = both(live.take(HOLD), memory.take(HOLD), "drain")) {
        taken.add(next.get().signal().id());
      }
      assertThat(duplicates).as("seed %d offers duplicates", seed).isPositive();
      assertThat(taken).as("seed %d takes signals", seed).isNotEmpty();
    }
  }

  /**
   * The dedup entry lives a day on the queue's clock, its last millisecond included (a Redis key
   * with PX expires once its time is passed, not reached): the day is not played against Redis.
   */
  @Test
  void aBarIsADuplicateForADayItsLastMillisecondIncluded() {
    long[] now = {T0};
    InMemorySignalQueue memory = new InMemorySignalQueue(() -> now[0]);
    Signal buy = new Signal("a1:BTCUSDT:" + T0 + ":buy", "a1", "BTCUSDT", Signal.Action.BUY, 0.6, 30, 100, T0,
        Signal.Source.ANALYSIS, T0, T0 + 30_000, List.of("model"));
    Signal sell = new Signal("a1:BTCUSDT:" + T0 + ":sell", "a1", "BTCUSDT", Signal.Action.SELL, 0.6, 30, 100, T0,
        Signal.Source.ANALYSIS, T0, T0 + 30_000, List.of("model"));
    assertThat(memory.offer(buy).result()).isTrue();
    assertThat(memory.offer(sell).result()).as("the same bar").isFalse();
    now[0] = T0 + SignalQueuePort.DEDUP_TTL.toMillis();
    assertThat(memory.offer(sell).result()).as("the day's last ms").isFalse();
    now[0]++;
    assertThat(memory.offer(sell).result()).as("a day later").isTrue();
    memory.forget(sell);
    assertThat(memory.offer(sell).result()).as("forgotten").isTrue();
  }

  /** A signal of the vocabulary: analyses (BUY or SELL of a bar), exits, requests; few scores, many ties. */
  private static Signal signal(Random random) {
    String agent = AGENTS.get(random.nextInt(AGENTS.size()));
    String symbol = random.nextBoolean() ? "BTCUSDT" : "ETHUSDT";
    long bar = T0 + 60_000L * random.nextInt(3);
    long createdAt = T0 + random.nextInt(3);
    return switch (random.nextInt(4)) {
      case 0 -> new Signal(agent + ":" + symbol + ":exit:" + bar, agent, symbol, Signal.Action.CLOSE, 1, Signal.EXIT_PRIORITY,
          100, bar, Signal.Source.EXIT, createdAt, createdAt + 60_000, List.of("stop"));
      case 1 -> new Signal(agent + ":" + symbol + ":api:r" + random.nextInt(3), agent, symbol, Signal.Action.CLOSE, 1,
          Signal.API_PRIORITY, 100, createdAt, Signal.Source.API, createdAt, createdAt + 30_000, List.of("asked"));
      default -> {
        Signal.Action action = random.nextBoolean() ? Signal.Action.BUY : Signal.Action.SELL;
        int priority = 20 + 10 * random.nextInt(2);
        yield new Signal(agent + ":" + symbol + ":" + bar + ":" + action.name().toLowerCase(), agent, symbol, action,
            priority / 50.0, priority, 100, bar, Signal.Source.ANALYSIS, createdAt, createdAt + 30_000, List.of("model"));
      }
    };
  }

  /** The two answers, which must be equal (the in-memory one given at once). */
  private static <T> T both(Future<T> live, Future<T> memory, String step) {
    assertThat(memory.isComplete()).as("in memory, %s is answered at once", step).isTrue();
    T expected = live.await();
    assertThat(memory.result()).as(step).isEqualTo(expected);
    return expected;
  }
}
