package dev.mariposa.reliability;

import dev.mariposa.testing.TestCluster;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * The opening and the end of the tests that look for leaked secrets (HostileInputTest,
 * SecurityTest): everything said captured from the start, a Vert.x for the test's own clients,
 * and a TestCluster whose Redis requires the secrets' password. Closed in reverse: the cluster,
 * the client Vert.x, then the capture.
 */
record SecretsCluster(CapturedOutput output, Vertx client, TestCluster cluster) implements AutoCloseable {

  static SecretsCluster start(Path dir, Secrets secrets) throws Exception {
    CapturedOutput output = CapturedOutput.start();
    Vertx client = null;
    TestCluster cluster = null;
    try {
      client = Vertx.vertx();
      cluster = new TestCluster(dir);
      RedisKeyAudit.requirePassword(client, cluster.redis().port(), secrets.redisPassword());
      return new SecretsCluster(output, client, cluster);
    } catch (Exception | Error e) {
      new SecretsCluster(output, client, cluster).close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
    }
    if (client != null) {
      client.close().await();
    }
    output.close();
  }
}
