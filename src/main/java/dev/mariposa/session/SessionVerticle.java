package dev.mariposa.session;

import dev.mariposa.Platform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Role session: browser sessions and their subscriptions in Redis.
 *
 * <p>Deployed by the launcher for its role with the configured instance count; its behaviour
 * arrives with the "HTTP API, SockJS bridge, sessions and the live dashboard" issue (see docs/ARCHITECTURE.md).
 */
public final class SessionVerticle extends VerticleBase {
  private final Platform platform;

  public SessionVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
