package dev.mariposa.testing;

import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the jar processes of a trading IT run against, in the test JVM: a private redis-server and
 * MongoDB-wire server, a demo-trading FakeOkx filling at {@link OkxTickets#PRICE} on event loops
 * of its own, and the stores as the test sees them ({@link TradeStores}) on the test's Vert.x.
 * Closed together: the fake, the stores, MongoDB, Redis, then the Vert.x.
 */
public final class JarTradeRig implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private EmbeddedRedis redis;
  private EmbeddedMongo mongo;
  private FakeOkx okx;
  private TradeStores stores;

  private JarTradeRig(Path dir, FakeOkx.Credentials credentials) {
    try {
      redis = EmbeddedRedis.ephemeral();
      mongo = EmbeddedMongo.inMemory();
      okx = FakeOkx.startAlone(credentials, true).fillPrice(OkxTickets.PRICE);
      stores = TradeStores.open(vertx, dir, redis, mongo);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** Starts it all; {@code dir} is the test JVM's own data directory (not a process's). */
  public static JarTradeRig open(Path dir, FakeOkx.Credentials credentials) {
    return new JarTradeRig(dir, credentials);
  }

  /** The environment of a jar process trading here: the fake's (EXCHANGE=okx), REDIS_URL and MONGO_URL. */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>(okx.env());
    env.put("REDIS_URL", redis.url());
    env.put("MONGO_URL", mongo.connectionString());
    return env;
  }

  /** The test's Vert.x (the stores' clients run on it). */
  public Vertx vertx() {
    return vertx;
  }

  public EmbeddedRedis redis() {
    return redis;
  }

  public FakeOkx okx() {
    return okx;
  }

  public TradeStores stores() {
    return stores;
  }

  @Override
  public void close() {
    try {
      if (okx != null) {
        okx.close();
      }
      if (stores != null) {
        stores.close();
      }
    } finally {
      try {
        if (mongo != null) {
          mongo.close();
        }
        if (redis != null) {
          redis.close();
        }
      } finally {
        vertx.close().await();
      }
    }
  }
}
