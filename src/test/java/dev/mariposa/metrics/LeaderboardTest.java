package dev.mariposa.metrics;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** The leaderboard's order: by return, then by agent id, whatever order Redis keeps ties in. */
class LeaderboardTest {
  @TempDir
  Path dir;

  @Test
  void higherReturnFirstAndTiesByAgentId() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("l", Map.of("ROLES", "session"));
      String key = node.services().keys().key("perf:", "leaderboard");
      // Redis orders equal scores by member, descending in ZREVRANGE: zeta before alpha.
      node.services().redis().send(Request.cmd(Command.ZADD).arg(key)
          .arg("1.5").arg("zeta").arg("1.5").arg("alpha").arg("-3").arg("loser").arg("7.25").arg("winner")
          .arg("1.5").arg("mid")).await();
      JsonArray board = node.verticles().performance().leaderboard(10).await();
      assertThat(board.stream().map(r -> ((JsonObject) r).getString("agentId")))
          .containsExactly("winner", "alpha", "mid", "zeta", "loser");
      assertThat(board.stream().map(r -> ((JsonObject) r).getInteger("rank"))).containsExactly(1, 2, 3, 4, 5);
      assertThat(node.verticles().performance().leaderboard(2).await()).hasSize(2);
    }
  }
}
