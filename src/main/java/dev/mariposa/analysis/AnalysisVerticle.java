package dev.mariposa.analysis;

import dev.mariposa.Platform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Role analysis: indicators, models, the analysis cache and AI rate limits.
 *
 * <p>Deployed by the launcher for its role with the configured instance count; its behaviour
 * arrives with the "Analysis" issue (see docs/ARCHITECTURE.md).
 */
public final class AnalysisVerticle extends VerticleBase {
  private final Platform platform;

  public AnalysisVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
