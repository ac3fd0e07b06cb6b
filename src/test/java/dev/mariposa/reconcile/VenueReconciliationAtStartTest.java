package dev.mariposa.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.signal.ClientOrderIds;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring, end to end: an instance with the jobs role starting on an OKX account that holds an
 * open order and a filled order MongoDB does not know reconciles at once (not at the next period),
 * publishes what it found on {@code reconciliation}, and another instance's GET /api/reconciliation
 * lists it with the run.
 */
class VenueReconciliationAtStartTest {
  private static final FakeOkx.Credentials OKX = new FakeOkx.Credentials("fake-okx-key-st4rt", "fake-okx-secret-U3RhcnQ",
      "fake-okx-pass-s7");

  @TempDir
  Path dir;

  @Test
  void anInstanceStartingReconcilesAndTheApiListsWhatItFound() {
    try (FakeOkx fake = FakeOkx.startAlone(OKX, true); TestCluster cluster = new TestCluster(dir)) {
      Mariposa api = cluster.start("api", Map.of("ROLES", "http"));
      long now = System.currentTimeMillis();
      new AgentRepository(api.services().mongo()).create(AgentJson.parse(new JsonObject().put("id", "scalper")
          .put("symbols", List.of("BTCUSDT")).put("account", new JsonObject().put("exchange", "okx")), null, Set.of()),
          now).await();
      String open = ClientOrderIds.of("scalper", "scalper:open");
      String filled = ClientOrderIds.of("scalper", "scalper:filled");
      fake.holdOpenOrder("BTC-USDT", open, "buy", new BigDecimal("0.1"), new BigDecimal("20000"));
      fake.holdFilledOrder("BTC-USDT", filled, "buy", new BigDecimal("0.2"), new BigDecimal("30000"));
      fake.balance("BTC", new BigDecimal("0.1998"));
      List<JsonObject> heard = new CopyOnWriteArrayList<>();
      api.vertx().eventBus().<JsonObject>consumer(Addresses.RECONCILIATION, m -> heard.add(m.body()));

      Map<String, String> env = new HashMap<>(fake.env());
      env.put("ROLES", "jobs");
      // A period far away: only the start's request can run it within the test.
      cluster.start("jobs", env, json -> json.getJsonObject("reconciliation").put("intervalMs", 3_600_000));

      String url = api.baseUrl() + "/api/reconciliation";
      Eventually.within(Duration.ofSeconds(20), () -> "the start's pass listed: " + Http.get(url).body(),
          () -> new JsonObject(Http.get(url).body()).getJsonArray("discrepancies").size() == 2
              && new JsonObject(Http.get(url).body()).containsKey("lastRun"));
      HttpResponse<String> listed = Http.get(url);
      JsonObject body = new JsonObject(listed.body());
      JsonArray discrepancies = body.getJsonArray("discrepancies");
      assertThat(discrepancies.stream().map(d -> ((JsonObject) d).getString("kind")))
          .containsExactlyInAnyOrder("orphan_adopted", "fills_adopted");
      assertThat(discrepancies.stream().map(d -> ((JsonObject) d).getString("agentId"))).containsOnly("scalper");
      assertThat(body.getJsonObject("lastRun").getString("slot")).isEqualTo("request-start-jobs");
      assertThat(body.getJsonObject("lastRun").getString("outcome")).isEqualTo("ok");

      assertThat(new AccountRepository(api.services().mongo()).get("scalper", new BigDecimal("10000")).await()
          .positions().get("BTCUSDT").quantity()).isEqualByComparingTo("0.1998");
      Eventually.within(Duration.ofSeconds(5), "both events heard across instances", () -> heard.size() == 2);
      assertThat(Http.status(url + "?limit=0")).isEqualTo(400);
      assertThat(fake.placementsReceived()).isZero();
    }
  }
}
