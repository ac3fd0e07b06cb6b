package dev.mariposa.http;

import dev.mariposa.Platform;
import dev.mariposa.bus.AddressFamily;
import dev.mariposa.bus.BusChannels;
import dev.mariposa.bus.EventSchemas;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GET /api/events/schemas (the event-bus address families, their schemas' URLs and their Redis
 * channels) and GET /api/events/schemas/{name} (one JSON Schema): what a process in another
 * language needs to read and write Mariposa's events. The schemas are read on a worker on the
 * first request; the answers are encoded once.
 */
final class EventSchemaApi {
  static final String PATH = "/api/events/schemas";

  private final Vertx vertx;
  private final RedisKeys keys;
  private final boolean sharded;
  private final String mode;
  private final String prefix;
  private volatile Buffer listing;
  private final Map<String, Buffer> encoded = new ConcurrentHashMap<>();

  EventSchemaApi(Vertx vertx, Platform platform) {
    this.vertx = vertx;
    this.keys = platform.keys();
    MariposaConfig config = platform.config();
    this.sharded = config.redis().mode() == MariposaConfig.RedisMode.CLUSTER;
    this.mode = config.redis().mode().name().toLowerCase(Locale.ROOT);
    this.prefix = config.redis().keyPrefix();
  }

  void mount(Router router) {
    router.get(PATH).handler(this::list);
    router.get(PATH + "/:name").handler(this::schema);
  }

  private void list(RoutingContext ctx) {
    EventSchemas.load(vertx)
        .onSuccess(schemas -> {
          Buffer body = listing;
          if (body == null) {
            body = listing = listing(schemas).toBuffer();
          }
          json(ctx, body);
        })
        .onFailure(ctx::fail);
  }

  private void schema(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    EventSchemas.load(vertx)
        .onSuccess(schemas -> schemas.schema(name).ifPresentOrElse(
            schema -> json(ctx, encoded.computeIfAbsent(name, n -> schema.toBuffer())),
            () -> ApiError.send(ctx, ErrorCode.SCHEMA_NOT_FOUND, "No event schema " + name + "; the list is at " + PATH)))
        .onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, Buffer body) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body);
  }

  private JsonObject listing(EventSchemas schemas) {
    JsonArray families = new JsonArray();
    for (EventSchemas.Family f : schemas.families()) {
      JsonObject family = new JsonObject().put("name", f.name()).put("address", f.address())
          .put("pattern", f.pattern().pattern()).put("direction", f.direction().key()).put("description", f.description());
      f.schema().ifPresent(s -> family.put("schema", PATH + "/" + s));
      f.request().ifPresent(s -> family.put("request", PATH + "/" + s));
      f.reply().ifPresent(s -> family.put("reply", PATH + "/" + s));
      families.add(family.put("channel", channel(f.address())));
    }
    return new JsonObject().put("families", families).put("redis", redis());
  }

  /** Null for an address that does not cross instances ({@link AddressFamily#crossesInstances()}). */
  private String channel(String address) {
    if (!AddressFamily.crossesInstances(address)) {
      return null;
    }
    if (!sharded || !address.contains("{")) {
      return BusChannels.channel(keys, sharded, address);
    }
    return keys.key("bus:", RedisKeys.tag("n")); // a template: its shard depends on the whole address
  }

  private JsonObject redis() {
    String perAddress = "one channel per address, " + prefix + "bus:<address> (PSUBSCRIBE " + prefix + "bus:* for all)";
    String perShard = "sharded pub/sub (SSUBSCRIBE): each address travels on one of " + BusChannels.SHARDS
        + " channels " + prefix + "bus:{n}, the braces literal (a hash tag), n = floorMod(Java String.hashCode(address), "
        + BusChannels.SHARDS + "), 0 to " + (BusChannels.SHARDS - 1) + ": subscribe to all of them and read the address"
        + " from the envelope";
    String layout = sharded
        ? "Here (REDIS_MODE=cluster): " + perShard + ". Standalone and sentinel use " + perAddress + "."
        : "Here: " + perAddress + ". With REDIS_MODE=cluster: " + perShard + ".";
    return new JsonObject()
        .put("mode", mode)
        .put("keyPrefix", prefix)
        .put("description", layout + " Each message is a JSON envelope: a = the address, b = the body (the JSON"
            + " these schemas describe when t is 'o'), t = the body's type, h = headers, o = the sending instance,"
            + " r, g, s = its run id, group and sequence number. channel is null for addresses that do not cross"
            + " instances: the instance that receives a request answers it.");
  }
}
