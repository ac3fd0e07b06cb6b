package dev.mariposa.testing;

import dev.mariposa.Mariposa;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Several Mariposa instances in one JVM, each with its own Vert.x and event bus, joined only by a
 * shared test redis-server and an in-memory MongoDB-wire server: the cluster in miniature.
 */
public final class TestCluster implements AutoCloseable {
  private final Path dataDir;
  private final EmbeddedRedis redis;
  private final EmbeddedMongo mongo = EmbeddedMongo.inMemory();
  private final List<Mariposa> instances = new ArrayList<>();

  public TestCluster(Path dataDir) {
    this(dataDir, EmbeddedRedis.ephemeral());
  }

  private TestCluster(Path dataDir, EmbeddedRedis redis) {
    this.dataDir = dataDir;
    this.redis = redis;
  }

  /**
   * A cluster whose Redis keeps an append-only file under {@code dataDir}: stopped and started
   * again it comes back with its queues and streams, as a production Redis restart does (an
   * ephemeral one comes back empty, which loses what was queued whatever the service does).
   */
  public static TestCluster withPersistentRedis(Path dataDir) {
    return new TestCluster(dataDir, EmbeddedRedis.persistent(dataDir.resolve("redis")));
  }

  public EmbeddedRedis redis() {
    return redis;
  }

  /** Starts an instance named {@code id} with extra environment {@code env}. */
  public Mariposa start(String id, Map<String, String> env) {
    return start(id, env, json -> { });
  }

  /** As above, with {@code tweak} applied to the JSON defaults (instance counts, for example). */
  public Mariposa start(String id, Map<String, String> env, Consumer<JsonObject> tweak) {
    Map<String, String> all = new HashMap<>(env);
    all.put("INSTANCE_ID", id);
    all.put("REDIS_URL", redis.url());
    all.put("MONGO_URL", mongo.connectionString());
    all.putIfAbsent("ROLES", "session");
    Mariposa instance = Mariposa.start(TestConfigs.config(dataDir.resolve(id), all, json -> {
      json.getJsonObject("cluster").put("instanceTtlMs", 1500);
      json.getJsonObject("bridge").put("resumeGraceMs", 3000);
      tweak.accept(json);
    }));
    instances.add(instance);
    return instance;
  }

  @Override
  public void close() {
    instances.forEach(Mariposa::stop);
    mongo.close();
    redis.stop();
  }
}
