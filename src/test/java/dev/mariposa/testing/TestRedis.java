package dev.mariposa.testing;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.redis.RedisConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A private Redis and the connection layer on it, started and ready: the fixture of Redis tests.
 * A standalone redis-server, or with {@code -Dmariposa.test.redis=cluster} a three-master Redis
 * Cluster with the connection layer in cluster mode: the same tests then prove the scripts, queues,
 * caches and limits on a cluster (the pom's redis-cluster execution).
 *
 * <p>A test class takes it in one line as an extension: {@code @RegisterExtension static final
 * TestRedis.Server redis = TestRedis.forClass();} (see {@link Server}).
 */
public final class TestRedis implements AutoCloseable {
  private static final boolean CLUSTER = "cluster".equals(System.getProperty("mariposa.test.redis"));

  private final Optional<EmbeddedRedis> server;
  private final MariposaConfig.Redis config;
  private final List<String> urls;
  private final RedisConnections connections;

  private TestRedis(Optional<EmbeddedRedis> server, String url, Vertx vertx) {
    this.server = server;
    this.config = TestConfigs.config(java.nio.file.Path.of("target/unused"),
        server.isEmpty() ? Map.of("REDIS_URL", url, "REDIS_MODE", "cluster") : Map.of("REDIS_URL", url)).redis();
    this.urls = List.of(url.split(","));
    this.connections = connect(vertx);
  }

  public static TestRedis start(Vertx vertx) {
    if (!CLUSTER) {
      EmbeddedRedis server = EmbeddedRedis.ephemeral();
      return new TestRedis(Optional.of(server), server.url(), vertx);
    }
    Assumptions.assumeTrue(TestRedisCluster.available(),
        "skipped: the Redis Cluster run needs redis-server 7 or newer on PATH (sharded pub/sub); .ci/run installs it");
    String url = SharedCluster.get().url();
    asNew(vertx, List.of(url.split(",")));
    return new TestRedis(Optional.empty(), url, vertx);
  }

  /**
   * The Redis Cluster of a cluster run, one per test JVM: forming one takes seconds, and every
   * class would otherwise form its own. Each class gets it as new ({@link #asNew}); it stops when
   * the JVM exits.
   */
  private static final class SharedCluster {
    private static TestRedisCluster cluster;

    static synchronized TestRedisCluster get() {
      if (cluster == null) {
        try {
          TestRedisCluster started = new TestRedisCluster(Files.createTempDirectory("test-redis-cluster"));
          Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-redis-cluster-stop"));
          cluster = started;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return cluster;
    }
  }

  /**
   * What a newly started Redis holds, on every node: no key (FLUSHALL), no script loaded (SCRIPT
   * FLUSH), command statistics from zero (CONFIG RESETSTAT).
   */
  private static void asNew(Vertx vertx, List<String> urls) {
    onEveryNode(vertx, urls, Request.cmd(Command.FLUSHALL));
    onEveryNode(vertx, urls, Request.cmd(Command.SCRIPT).arg("FLUSH"));
    onEveryNode(vertx, urls, Request.cmd(Command.CONFIG).arg("RESETSTAT"));
  }

  /** The Redis of a test class, as a JUnit extension: see {@link Server}. */
  public static Server forClass() {
    return new Server(false);
  }

  /** Whether this run's Redis is a cluster. */
  public static boolean cluster() {
    return CLUSTER;
  }

  /** The connection layer every test of the class shares. */
  public RedisConnections connections() {
    return connections;
  }

  /** Another instance's connection layer on the same Redis, started; the caller closes it. */
  public RedisConnections connect(Vertx vertx) {
    RedisConnections other = RedisConnections.create(vertx, config, urls, new SimpleMeterRegistry());
    other.start().await();
    return other;
  }

  /**
   * Empties Redis before a test: FLUSHALL on every node (on a cluster the client sends a keyless
   * command to one node only).
   */
  public void flushAll(Vertx vertx) {
    onEveryNode(vertx, Request.cmd(Command.FLUSHALL));
  }

  /** Sends {@code request} to every node (one on a standalone run); their replies as text, in node order. */
  public List<String> onEveryNode(Vertx vertx, Request request) {
    return onEveryNode(vertx, urls, request);
  }

  private static List<String> onEveryNode(Vertx vertx, List<String> urls, Request request) {
    List<String> replies = new java.util.ArrayList<>();
    for (String url : urls) {
      Redis node = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
      try {
        replies.add(String.valueOf(node.send(request).await()));
      } finally {
        node.close();
      }
    }
    return replies;
  }

  /** The redis-server, to stop and start it (standalone runs only). */
  public EmbeddedRedis server() {
    return server.orElseThrow(() -> new IllegalStateException("a Redis Cluster run has no single server"));
  }

  @Override
  public void close() {
    connections.close().await();
    server.ifPresent(EmbeddedRedis::stop); // the cluster of a cluster run stays up for the next class
  }

  /**
   * The class's TestRedis as a JUnit 5 extension, for {@code @RegisterExtension static final}: it
   * starts before the class's {@code @BeforeAll} methods (which may use {@link #connections()}),
   * and is closed after its {@code @AfterAll} methods, then its Vert.x. With
   * {@link #flushedBeforeEach()} it empties Redis before each test, ahead of the class's
   * {@code @BeforeEach} methods. {@code @Nested} classes share the outer class's.
   *
   * <p>Its Vert.x is the one {@link VertxExtension} injects into the class's methods (the
   * extension's store key), made here if the class has none yet: the connections and the tests
   * share one Vert.x, as when a test started TestRedis in its {@code @BeforeAll} with an injected
   * one. A class without VertxExtension takes it from {@link #vertx()}.
   */
  public static final class Server implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final boolean flushBeforeEach;
    private String owner;
    private Vertx vertx;
    private boolean ownVertx;
    private TestRedis redis;

    private Server(boolean flushBeforeEach) {
      this.flushBeforeEach = flushBeforeEach;
    }

    /** The same, emptying Redis (FLUSHALL on every node) before each test. */
    public Server flushedBeforeEach() {
      return new Server(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      if (owner != null) {
        return; // a @Nested class: the outer class's Redis
      }
      owner = context.getUniqueId();
      Object shared = context.getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(VertxExtension.VERTX_INSTANCE_KEY, key -> {
            ownVertx = true;
            Vertx made = Vertx.vertx();
            return (Supplier<Vertx>) () -> made;
          });
      vertx = (Vertx) (shared instanceof Supplier<?> supplier ? supplier.get() : shared);
      redis = TestRedis.start(vertx);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      if (flushBeforeEach) {
        redis.flushAll(vertx);
      }
    }

    @Override
    public void afterAll(ExtensionContext context) {
      if (!context.getUniqueId().equals(owner)) {
        return;
      }
      try {
        if (redis != null) {
          redis.close();
        }
      } finally {
        if (ownVertx) {
          vertx.close().await();
        }
        owner = null;
        redis = null;
        vertx = null;
        ownVertx = false;
      }
    }

    /** The Vert.x the connections run on. */
    public Vertx vertx() {
      return vertx;
    }

    /** The connection layer every test of the class shares. */
    public RedisConnections connections() {
      return redis.connections();
    }

    /** Another instance's connection layer on the same Redis, started; the caller closes it. */
    public RedisConnections connect(Vertx vertx) {
      return redis.connect(vertx);
    }

    /** See {@link TestRedis#flushAll(Vertx)}. */
    public void flushAll(Vertx vertx) {
      redis.flushAll(vertx);
    }

    /** See {@link TestRedis#onEveryNode(Vertx, Request)}. */
    public List<String> onEveryNode(Vertx vertx, Request request) {
      return redis.onEveryNode(vertx, request);
    }
  }
}
