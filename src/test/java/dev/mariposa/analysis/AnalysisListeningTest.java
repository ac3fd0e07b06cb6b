package dev.mariposa.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.Mariposa;
import dev.mariposa.bus.Addresses;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployed means listening: when the analysis role's start completes, it already consumes its
 * requests and the bars of its agents' series (loaded from MongoDB during the start).
 */
class AnalysisListeningTest {
  @TempDir
  Path dir;

  private TestCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(60)
  void whenItsStartCompletesTheRoleConsumesItsAgentsBars() {
    cluster = new TestCluster(dir);
    // The host runs no analysis role: the verticle deployed below seeds the default agents and loads them.
    Mariposa node = cluster.start("host", Map.of("ROLES", "session", "SYMBOLS", "BTCUSDT"));
    JsonObject bar = new JsonObject().put("symbol", "BTCUSDT").put("interval", "1m").put("closed", false);
    // Asked the moment the deployment completes: a consumer that is there lets the request wait for
    // a reply that never comes (TIMEOUT); none fails it at once (NO_HANDLERS).
    ReplyFailure kline = node.vertx().deployVerticle(new AnalysisVerticle(node.platform()))
        .compose(id -> node.vertx().eventBus().request(Addresses.kline("BTCUSDT", "1m"), bar,
            new DeliveryOptions().setSendTimeout(200)))
        .<ReplyFailure>map(reply -> null)
        .otherwise(t -> ((ReplyException) t).failureType())
        .toCompletionStage().toCompletableFuture().join();
    assertThat(kline).as("a request to the series' bars").isEqualTo(ReplyFailure.TIMEOUT);

    assertThatThrownBy(() -> node.vertx().eventBus().request(Addresses.ANALYSIS_RUN, new JsonObject().put("agentId", "nobody"))
        .toCompletionStage().toCompletableFuture().join())
        .as("analysis.run for an unknown agent: answered, not NO_HANDLERS")
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(404));
  }
}
