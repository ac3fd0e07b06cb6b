package dev.mariposa.http;

import dev.mariposa.bus.InstanceRegistry;
import dev.mariposa.wiring.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** GET /api/cluster: the live instances and their roles, read from the instance registry. */
final class ClusterApi {
  private final InstanceRegistry registry;
  private final String self;

  ClusterApi(Services platform) {
    this.registry = new InstanceRegistry(platform.redis(), platform.keys());
    this.self = platform.instanceId();
  }

  void mount(Router router) {
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
