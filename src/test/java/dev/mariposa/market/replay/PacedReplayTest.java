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
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void eachPassOfALoopPlaysWholeDaysLaterSoItsTimeNeverGoesBack() {
    long start = 1726876800000L;
    List<Long> bars = List.of(start + 59_999, start + 119_999, start + 179_999);
    List<Long> played = new CopyOnWriteArrayList<>();
    AtomicReference<PacedReplay<Long>> replay = new AtomicReference<>();
    replay.set(new PacedReplay<>(vertx, bars, t -> t, 0, true, t -> played.add(t + replay.get().passOffset()), () -> { }));
    vertx.runOnContext(v -> replay.get().start());
    Eventually.within(Duration.ofSeconds(5), "three passes", () -> played.size() >= 9);
    replay.get().stop();

    assertThat(played.subList(0, 9)).containsExactly(bars.get(0), bars.get(1), bars.get(2),
        bars.get(0) + DAY, bars.get(1) + DAY, bars.get(2) + DAY,
        bars.get(0) + 2 * DAY, bars.get(1) + 2 * DAY, bars.get(2) + 2 * DAY);
  }
}
