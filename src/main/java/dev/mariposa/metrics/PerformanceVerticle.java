package dev.mariposa.metrics;

import dev.mariposa.Platform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Role metrics: PnL, the leaderboard, snapshots, system-wide aggregates.
 *
 * <p>Deployed by the launcher for its role with the configured instance count; its behaviour
 * arrives with the "Performance metrics, leaderboard, scheduled jobs" issue (see docs/ARCHITECTURE.md).
 */
public final class PerformanceVerticle extends VerticleBase {
  private final Platform platform;

  public PerformanceVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
