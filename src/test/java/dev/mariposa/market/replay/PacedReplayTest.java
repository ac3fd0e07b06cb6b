package dev.mariposa.market.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.testing.Eventually;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacedReplayTest {
  private static final long DAY = 86_400_000L;
  private static final long MINUTE = 60_000L;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void eachPassOfALoopPlaysRightAfterTheOneBeforeSoItsTimeNeverGoesBack() {
    long start = 1726876800000L;
    List<Long> bars = List.of(start + 59_999, start + 119_999, start + 179_999);
    List<Long> played = new CopyOnWriteArrayList<>();
    AtomicReference<PacedReplay<Long>> replay = new AtomicReference<>();
    replay.set(new PacedReplay<>(vertx, bars, t -> t, 0, true, t -> played.add(t + replay.get().passOffset()), () -> { }));
    vertx.runOnContext(v -> replay.get().start());
    Eventually.within(Duration.ofSeconds(5), "three passes", () -> played.size() >= 9);
    replay.get().stop();

    assertThat(played.subList(0, 9)).containsExactly(bars.get(0), bars.get(1), bars.get(2),
        bars.get(0) + 3 * MINUTE, bars.get(1) + 3 * MINUTE, bars.get(2) + 3 * MINUTE,
        bars.get(0) + 6 * MINUTE, bars.get(1) + 6 * MINUTE, bars.get(2) + 6 * MINUTE);
  }

  @Test
  void aDaysBarsReplayedAgainAreTheNextDaysAndAShortCapturesNextPassFollowsWithinAMinute() {
    long start = 1726876800000L;
    List<Long> day = List.of(start + 59_999, start + DAY - 1);
    List<Long> capture = List.of(start + 1_234, start + 9 * MINUTE + 41_500);
    assertThat(offsetOfSecondPass(day)).isEqualTo(DAY);
    assertThat(offsetOfSecondPass(capture)).as("ten minutes, not a day").isEqualTo(10 * MINUTE);
  }

  private long offsetOfSecondPass(List<Long> items) {
    List<Long> offsets = new CopyOnWriteArrayList<>();
    AtomicReference<PacedReplay<Long>> replay = new AtomicReference<>();
    replay.set(new PacedReplay<>(vertx, items, t -> t, 0, true, t -> offsets.add(replay.get().passOffset()), () -> { }));
    vertx.runOnContext(v -> replay.get().start());
    Eventually.within(Duration.ofSeconds(5), "two passes", () -> offsets.size() >= items.size() + 1);
    replay.get().stop();
    return offsets.get(items.size());
  }
}
