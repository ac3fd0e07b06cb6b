package dev.mariposa.testing;

import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.redis.RedisConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;

/** A private redis-server and the connection layer on it, started and ready: the fixture of Redis tests. */
public final class TestRedis implements AutoCloseable {
  private final EmbeddedRedis server;
  private final RedisConnections connections;

  private TestRedis(EmbeddedRedis server, RedisConnections connections) {
    this.server = server;
    this.connections = connections;
  }

  public static TestRedis start(Vertx vertx) {
    EmbeddedRedis server = EmbeddedRedis.ephemeral();
    RedisConnections connections = RedisConnections.create(vertx, TestConfigs.redis(server.url()),
        List.of(server.url()), new SimpleMeterRegistry());
    connections.start().await();
    return new TestRedis(server, connections);
  }

  public RedisConnections connections() {
    return connections;
  }

  public EmbeddedRedis server() {
    return server;
  }

  @Override
  public void close() {
    connections.close().await();
    server.stop();
  }
}
