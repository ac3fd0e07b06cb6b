package dev.mariposa.ops;

import dev.mariposa.Platform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;

/**
 * Every instance, whatever its roles: every {@value #EVERY_SECONDS} s, its figures
 * ({@link InstanceFigures}) to {@code instance:<id>:figures} with a TTL, so that
 * {@code GET /api/system} can sum the live instances and forget the dead ones.
 */
public final class InstanceFiguresVerticle extends VerticleBase {
  static final int EVERY_SECONDS = 5;

  private final Platform platform;

  public InstanceFiguresVerticle(Platform platform) {
    this.platform = platform;
  }

  public static String key(Platform platform, String instanceId) {
    return platform.keys().key("instance:", instanceId, "figures");
  }

  @Override
  public Future<?> start() {
    InstanceFigures figures = new InstanceFigures(platform);
    figures.read(); // the first rates are against this baseline
    long ttl = Duration.ofSeconds(EVERY_SECONDS * 3L).toMillis();
    vertx.setPeriodic(0, EVERY_SECONDS * 1000L, id -> platform.redis().send(Request.cmd(Command.SET)
        .arg(key(platform, platform.instanceId())).arg(platform.cache().codec().encode(figures.read())).arg("PX").arg(ttl)));
    return Future.succeededFuture();
  }
}
