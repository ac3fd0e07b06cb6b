package dev.mariposa.testing;

import dev.mariposa.config.ConfigLoader;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.store.MongoStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The stores of jar processes under test, as the test JVM sees them to feed and audit their
 * trading: Redis with the shipped timings (not the tests' 200 ms PING watchdog: this JVM is busy
 * driving processes), MongoDB, and the trade stream.
 */
public record TradeStores(RedisConnections redis, RedisKeys keys, MongoStore store, TradeStream stream)
    implements AutoCloseable {

  public static TradeStores open(Vertx vertx, Path dir, EmbeddedRedis redis, EmbeddedMongo mongo) {
    var config = TestConfigs.config(dir, Map.of("REDIS_URL", redis.url(), "MONGO_URL", mongo.connectionString()), json -> {
      JsonObject shipped = ConfigLoader.defaults().getJsonObject("redis");
      json.getJsonObject("redis").put("pingIntervalMs", shipped.getValue("pingIntervalMs"))
          .put("timeoutMs", shipped.getValue("timeoutMs"));
    });
    RedisConnections connections = RedisConnections.create(vertx, config.redis(), List.of(redis.url()),
        new SimpleMeterRegistry());
    connections.start().await();
    MongoStore store = MongoStore.create(vertx, config.mongo(), mongo.connectionString(), "test");
    RedisKeys keys = new RedisKeys(config.redis().keyPrefix());
    return new TradeStores(connections, keys, store, new TradeStream(connections, keys));
  }

  public MongoClient client() {
    return store.client();
  }

  @Override
  public void close() {
    redis.close().await();
    store.close().await();
  }
}
