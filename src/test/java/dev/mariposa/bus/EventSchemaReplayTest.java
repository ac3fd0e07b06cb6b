package dev.mariposa.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.jobs.JobsVerticle;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message a real run publishes keeps its published schema. One instance with every role
 * (real Redis, the MongoDB-wire server, the paper exchange) replays the real BTCUSDT 1m day (bars,
 * with the tickers and books a kline replay derives from them) and the real BTCAUD capture of
 * 2021-04-05 (bookTicker, depth and aggTrade: the real tickers, books and trades), an agent
 * analyses and trades, the commands are sent on cmd.signal and cmd.halt, and every built-in job
 * runs on request. An outbound interceptor validates every public message as it is published, on
 * the event loops, as a consumer in another language would read it. (jobs.memory's alerts need a
 * heap or a Redis past its threshold: their shape is checked by the schema's examples only; the
 * reconciliation family needs a venue account, OKX: VenueReconciliationTest checks its events; a
 * backtest run's progress, BacktestsApiTest.)
 */
class EventSchemaReplayTest {
  private static final String TOKEN = "schema-replay-token-5b1e";
  private static final String AGENT = "schemas";
  private static final Duration CAPTURE_AT_LEAST = Duration.ofSeconds(12);
  private static final int KEEP_FAILURES = 30;

  @TempDir
  Path dir;

  private final EventSchemas schemas = EventSchemas.get();
  private final Map<String, LongAdder> observed = new ConcurrentHashMap<>();
  private final Set<String> addresses = ConcurrentHashMap.newKeySet();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong failed = new AtomicLong();

  @Test
  @Timeout(90)
  void everyPublicMessageOfARealRunKeepsItsSchema() throws Exception {
    String replay = SharedData.barsAndBtcaudReplay(dir);

    try (TestCluster cluster = new TestCluster(dir)) {
      // 120x: a bar every half second; the 2-minute capture loops about once a second.
      Mariposa node = cluster.start("replay", Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT,BTCAUD",
          "MARKET_SOURCE", "replay", "REPLAY_SPEED", "120", "API_TOKENS", TOKEN,
          "REPLAY_FILES", replay), json -> {
            json.getJsonObject("market").put("replayLoop", true);
            json.getJsonObject("analysis").put("seedAgents", false);
          });
      Handler<DeliveryContext<Object>> interceptor = this::check;
      node.vertx().eventBus().addOutboundInterceptor(interceptor);
      long started = System.nanoTime();
      String base = node.baseUrl();

      // An agent with no cooldown and a lenient ticker age: it trades whatever it is asked.
      HttpResponse<String> created = Http.send("POST", base + "/api/agents", new JsonObject().put("id", AGENT)
          .put("symbols", List.of("BTCUSDT")).put("interval", "1m")
          .put("risk", new JsonObject().put("cooldownSeconds", 0).put("maxOrdersPerMinute", 600)
              .put("maxTickerAgeSeconds", 30).put("maxOpenPositions", 5))
          .encode(), TOKEN);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      Eventually.within(Duration.ofSeconds(20), "a BTCUSDT ticker from the replay",
          () -> Http.status(base + "/api/market/BTCUSDT/ticker") == 200);

      // The commands, as a bridge client sends them (the bridge has checked the token).
      request(node, "cmd.signal", new JsonObject().put("agentId", AGENT).put("action", "BUY").put("symbol", "BTCUSDT")
          .put("confidence", 0.9));
      Eventually.within(Duration.ofSeconds(20), "the BUY traded", () -> count("trade") >= 1);
      request(node, "cmd.signal", new JsonObject().put("agentId", AGENT).put("action", "close"));
      // Before the halt: the halt refuses every order but an exit's, and this close is the API's.
      Eventually.within(Duration.ofSeconds(20), "the close traded", () -> count("trade") >= 2);
      request(node, "cmd.signal", new JsonObject().put("agentId", AGENT)); // from the analysis: HOLD while warming up
      request(node, "cmd.halt", new JsonObject().put("halted", true).put("reason", "schema replay test"));
      request(node, "cmd.halt", new JsonObject().put("halted", false).put("reason", "resumed"));
      for (String job : JobsVerticle.BUILT_IN) {
        HttpResponse<String> run = Http.send("POST", base + "/api/jobs/" + job + "/run", null, TOKEN);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
      }

      // Not in a replay: reconciliation (a venue's), market.swap (OKX's swap feed: SwapFeedTest checks its schema),
      // backtest (a run's progress, when one is asked for: BacktestsApiTest checks its events).
      Set<String> notHere = Set.of("reconciliation", "market.swap", "backtest");
      Set<String> expected = schemas.families().stream().filter(f -> f.direction() == EventSchemas.Direction.OUT)
          .map(EventSchemas.Family::name).filter(name -> !notHere.contains(name))
          .collect(Collectors.toCollection(java.util.TreeSet::new));
      Eventually.within(Duration.ofSeconds(30), () -> "every out family observed; so far " + counts(), () ->
          observed.keySet().containsAll(expected)
              && System.nanoTime() - started >= CAPTURE_AT_LEAST.toNanos());
      node.vertx().eventBus().removeOutboundInterceptor(interceptor);

      System.out.println("EventSchemaReplayTest observed " + counts() + " on " + new java.util.TreeSet<>(addresses)
          + "; " + failed.get() + " invalid");
      assertThat(failed.get()).as("messages that break their schema (the first %d):%n%s", KEEP_FAILURES,
          String.join("\n", failures)).isZero();
      // analysis.model (direction model) has no producer here: an external model process answers it.
      assertThat(observed.keySet()).containsAll(expected);
    }
  }

  /** Runs on the publishing thread: the family's schema checks the body before it is delivered. */
  private void check(DeliveryContext<Object> ctx) {
    String address = ctx.message().address();
    if (!ctx.send() && Addresses.isPublic(address)) {
      try {
        String family = schemas.familyOf(address).map(EventSchemas.Family::name).orElse("(no family)");
        observed.computeIfAbsent(family, f -> new LongAdder()).increment();
        addresses.add(address);
        List<String> problems = schemas.validate(address, ctx.body());
        if (!problems.isEmpty()) {
          fail(address + " " + ctx.body() + ": " + problems);
        }
      } catch (RuntimeException e) {
        fail(address + " " + ctx.body() + ": the validation threw " + e);
      }
    }
    ctx.next();
  }

  private void fail(String failure) {
    if (failed.incrementAndGet() <= KEEP_FAILURES) {
      failures.add(failure);
    }
  }

  /** Sends a request as the bridge does and checks both bodies against their schemas. */
  private void request(Mariposa node, String address, JsonObject body) throws Exception {
    assertThat(schemas.validateRequest(address, body)).as("request on %s: %s", address, body).isEmpty();
    Object reply = node.vertx().eventBus().request(address, body, new DeliveryOptions().setSendTimeout(10_000))
        .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS).body();
    assertThat(schemas.validateReply(address, reply)).as("reply on %s: %s", address, reply).isEmpty();
    observed.computeIfAbsent(address + " (request and reply)", a -> new LongAdder()).increment();
  }

  private long count(String family) {
    LongAdder n = observed.get(family);
    return n == null ? 0 : n.sum();
  }

  private Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    observed.forEach((family, n) -> counts.put(family, n.sum()));
    return counts;
  }
}
