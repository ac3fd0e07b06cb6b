package dev.mariposa;

import dev.mariposa.config.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for a role whose verticle has not been built yet (see the role's package-info): it
 * is deployed with the configured instance count, so ROLES, instance counts and the registry are
 * exercised now, and it says at startup that the role does nothing yet.
 */
final class PendingRoleVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PendingRoleVerticle.class);

  private final Role role;

  PendingRoleVerticle(Role role) {
    this.role = role;
  }

  @Override
  public Future<?> start() {
    LOG.debug("role {} is deployed but not built yet: it does nothing", role.key());
    return Future.succeededFuture();
  }
}
