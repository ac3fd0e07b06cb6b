package dev.mariposa.signal;

import dev.mariposa.Platform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Role signal: signal creation, the priority queue, risk checks, hand-off to the trade stream.
 *
 * <p>Deployed by the launcher for its role with the configured instance count; its behaviour
 * arrives with the "Signals, risk gate and trade execution" issue (see docs/ARCHITECTURE.md).
 */
public final class SignalVerticle extends VerticleBase {
  private final Platform platform;

  public SignalVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
