package dev.mariposa.jobs;

import dev.mariposa.Platform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Role jobs: scheduled jobs with one-instance-per-run locks.
 *
 * <p>Deployed by the launcher for its role with the configured instance count; its behaviour
 * arrives with the "Performance metrics, leaderboard, scheduled jobs" issue (see docs/ARCHITECTURE.md).
 */
public final class JobsVerticle extends VerticleBase {
  private final Platform platform;

  public JobsVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
