package dev.mariposa.market;

import dev.mariposa.Platform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Role feed: market sources, local order books, market cache writes, feed leases.
 *
 * <p>Deployed by the launcher for its role with the configured instance count; its behaviour
 * arrives with the "Market feed" issue (see docs/ARCHITECTURE.md).
 */
public final class MarketFeedVerticle extends VerticleBase {
  private final Platform platform;

  public MarketFeedVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
