package dev.mariposa.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class FeedFenceTest {
  @Test
  void onceANewerLeaderIsSeenTheOlderOneIsDropped() {
    FeedFence fence = new FeedFence(new SimpleMeterRegistry());
    assertThat(fence.accept("BTCUSDT", "100")).isTrue();
    assertThat(fence.accept("BTCUSDT", "100")).isTrue();
    assertThat(fence.accept("BTCUSDT", "205")).isTrue();
    assertThat(fence.accept("BTCUSDT", "100")).as("the replaced leader").isFalse();
    assertThat(fence.accept("BTCUSDT", "205")).isTrue();
    assertThat(fence.accept("ETHUSDT", "1")).as("feeds are fenced separately").isTrue();
    assertThat(fence.accept("BTCUSDT", "not-a-number")).as("unfenced").isTrue();
  }
}
