package dev.mariposa.trade;

import dev.mariposa.Platform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Role trade: the trade stream consumer group, exchanges, orders and fills, positions, SL/TP exits.
 *
 * <p>Deployed by the launcher for its role with the configured instance count; its behaviour
 * arrives with the "Signals, risk gate and trade execution" issue (see docs/ARCHITECTURE.md).
 */
public final class TradeExecutionVerticle extends VerticleBase {
  private final Platform platform;

  public TradeExecutionVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
