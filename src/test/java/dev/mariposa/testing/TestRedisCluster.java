package dev.mariposa.testing;

import dev.mariposa.embedded.EmbeddedRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A three-master Redis Cluster of private redis-server processes, formed with CLUSTER
 * ADDSLOTSRANGE and CLUSTER MEET (no redis-cli needed). Needs redis-server 7 or newer (sharded
 * pub/sub): see {@link #available()}.
 */
public final class TestRedisCluster implements AutoCloseable {
  private final List<EmbeddedRedis> nodes = new ArrayList<>();

  public static boolean available() {
    return EmbeddedRedis.majorVersion() >= 7;
  }

  public TestRedisCluster(Path dir) {
    for (int i = 0; i < 3; i++) {
      nodes.add(EmbeddedRedis.ephemeral(List.of("--cluster-enabled", "yes",
          "--cluster-config-file", dir.resolve("nodes-" + i + ".conf").toAbsolutePath().toString(),
          "--cluster-node-timeout", "2000")));
    }
    Vertx vertx = Vertx.vertx();
    try {
      int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
      List<Redis> clients = nodes.stream().map(n -> Redis.createClient(vertx, new RedisOptions()
          .setConnectionString(n.url()))).toList();
      for (int i = 0; i < 3; i++) {
        clients.get(i).send(Request.cmd(Command.CLUSTER).arg("ADDSLOTSRANGE").arg(ranges[i][0]).arg(ranges[i][1])).await();
      }
      for (int i = 1; i < 3; i++) {
        clients.get(0).send(Request.cmd(Command.CLUSTER).arg("MEET").arg("127.0.0.1").arg(nodes.get(i).port())).await();
      }
      Eventually.within(Duration.ofSeconds(20), "the cluster is ok on every node", () -> clients.stream()
          .allMatch(c -> c.send(Request.cmd(Command.CLUSTER).arg("INFO")).await().toString().contains("cluster_state:ok")
              && c.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).await().size() == 3));
      clients.forEach(c -> c.close().await());
    } finally {
      vertx.close().await();
    }
  }

  /** REDIS_URL for REDIS_MODE=cluster: every node. */
  public String url() {
    return nodes.stream().map(EmbeddedRedis::url).collect(Collectors.joining(","));
  }

  @Override
  public void close() {
    nodes.forEach(EmbeddedRedis::stop);
  }
}
