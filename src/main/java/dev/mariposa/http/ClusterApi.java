package dev.mariposa.http;

import dev.mariposa.bus.InstanceRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** GET /api/cluster: the live instances and their roles, read from the instance registry. */
public final class ClusterApi implements ApiRoutes {
  private final InstanceRegistry registry;
  private final String self;

  /** {@code self}: this instance's id, marked in the list. */
  public ClusterApi(InstanceRegistry registry, String self) {
    this.registry = registry;
    this.self = self;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/cluster").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    registry.live()
        .onSuccess(instances -> ctx.json(new JsonObject()
            .put("self", self)
            .put("count", instances.size())
            .put("instances", new JsonArray(instances))))
        .onFailure(t -> ApiError.send(ctx, t, "the instance registry"));
  }
}
