package dev.mariposa.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.reliability.OpenApiRoutes.Operation;
import dev.mariposa.testing.BridgeClient;
import dev.mariposa.testing.Http;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, part 5: every state-changing route of openapi.yaml refused without a valid token (and
 * off without API_TOKENS), the bridge refusing commands without one and every address that is not
 * public, the rate limits holding for one identity across two instances, and the configured
 * secrets absent from everything the instances log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityTest {
  /** The rate-limit instances' budgets: small, and with leases of more than one token (burst / 20). */
  private static final int READ_RATE = 100;
  private static final int READ_BURST = 100;
  private static final int WRITE_RATE = 40;
  private static final int WRITE_BURST = 40;
  private static final int PERIOD_SECONDS = 10;
  private static final Duration HAMMER = Duration.ofSeconds(4);

  @TempDir
  static Path dir;

  private final Secrets secrets = new Secrets();
  private final List<String> busSeen = new CopyOnWriteArrayList<>();
  private final StringBuilder report = new StringBuilder();
  private SecretsCluster run;
  private Mariposa a;
  private Mariposa b;
  private Mariposa off;
  private Mariposa limitedA;
  private Mariposa limitedB;

  @BeforeAll
  void start() throws Exception {
    run = SecretsCluster.start(dir, secrets);
    // OKX keys and an LLM endpoint (nobody listens on port 9) are configured, not used: they must stay out of the logs.
    Map<String, String> env = new HashMap<>(secrets.env("http://127.0.0.1:9/v1"));
    env.put("REDIS_PASSWORD", secrets.redisPassword());
    env.put("ROLES", "http,session");
    Consumer<JsonObject> commandsUnthrottled = json -> json.getJsonObject("http").getJsonObject("sockJs")
        .put("inboundPerSecond", 10_000); // a refusal must be the token's, not the per-socket throttle's
    a = run.cluster().start("a", env, commandsUnthrottled);
    b = run.cluster().start("b", env, commandsUnthrottled);
    Map<String, String> without = new HashMap<>(env);
    without.remove("API_TOKENS");
    off = run.cluster().start("off", without);
    limitedA = run.cluster().start("limited-a", env, this::smallBudgets);
    limitedB = run.cluster().start("limited-b", env, this::smallBudgets);
    for (Mariposa instance : List.of(a, b)) {
      instance.vertx().eventBus().addOutboundInterceptor(this::record);
    }
    // The agent the guarded routes name (no analysis role here to seed the demo ones).
    assertThat(Http.send("POST", a.baseUrl() + "/api/agents", "{\"id\":\"momentum-1m\",\"symbols\":[\"BTCUSDT\"]}",
        secrets.token()).statusCode()).isEqualTo(201);
  }

  private void smallBudgets(JsonObject json) {
    JsonObject policies = json.getJsonObject("rateLimit").getJsonObject("policies");
    policies.put("read", new JsonObject().put("requests", READ_RATE).put("periodSeconds", PERIOD_SECONDS).put("burst", READ_BURST));
    policies.put("write", new JsonObject().put("requests", WRITE_RATE).put("periodSeconds", PERIOD_SECONDS).put("burst", WRITE_BURST));
  }

  /** What the bridge lets into the event bus on the command addresses and the others the tests name. */
  private void record(DeliveryContext<Object> delivery) {
    String text = delivery.message().address() + " " + delivery.message().headers() + " " + delivery.message().body();
    if (text.contains(HostileFrames.REFUSED_MARKER)) {
      busSeen.add(delivery.message().address());
    }
    delivery.next();
  }

  @AfterAll
  void stop() throws Exception {
    if (run != null) {
      run.close();
    }
    Figures.publish("security", report);
  }

  /** The state-changing operations of the document, and those it guards with the bearer scheme. */
  private static List<Operation> guarded() {
    List<Operation> guarded = OpenApiRoutes.load().stream().filter(op -> op.mutating() || op.secured()).toList();
    assertThat(guarded.stream().filter(Operation::mutating))
        .as("every state-changing operation declares the bearer scheme in openapi.yaml").allMatch(Operation::secured);
    return guarded;
  }

  /** The operation's path with values its contract accepts, so the request reaches the token check. */
  private static String path(Operation op) {
    // An order's id is its client order id (letters and digits); every other {id} an agent's.
    String id = op.path().startsWith("/api/orders/") ? "m0123456789abcdef" : "momentum-1m";
    return op.path(Map.of("id", id, "name", "cleanup", "symbol", "BTCUSDT"));
  }

  @Test
  @Order(1)
  void everyGuardedRouteRefusesRequestsWithoutAValidToken() {
    String token = secrets.token();
    Map<String, String> badAuthorizations = new java.util.LinkedHashMap<>();
    badAuthorizations.put("none", null);
    badAuthorizations.put("a wrong token", "Bearer wrong-token-0123456789abcdef");
    badAuthorizations.put("the token in upper case", "Bearer " + token.toUpperCase());
    badAuthorizations.put("the token and one more character", "Bearer " + token + "x");
    badAuthorizations.put("the token's first half", "Bearer " + token.substring(0, token.length() / 2));
    badAuthorizations.put("the token as Basic", "Basic " + Base64.getEncoder().encodeToString(("u:" + token).getBytes(StandardCharsets.UTF_8)));
    badAuthorizations.put("the token without Bearer", token);
    badAuthorizations.put("Bearer alone", "Bearer");
    String before = Http.get(a.baseUrl() + "/api/agents").body();

    List<Operation> guarded = guarded();
    int checked = 0;
    for (Operation op : guarded) {
      String body = op.hasBody() ? "{}" : null;
      for (Map.Entry<String, String> auth : badAuthorizations.entrySet()) {
        for (Mariposa instance : List.of(a, b)) {
          HttpResponse<String> refused = Http.sendAuthorized(op.method(), instance.baseUrl() + path(op), body, auth.getValue());
          assertError(refused, 401, "unauthorized", op + " with " + auth.getKey());
          assertThat(refused.headers().firstValue("WWW-Authenticate")).as("%s with %s", op, auth.getKey()).hasValue("Bearer");
          checked++;
        }
      }
      // Without API_TOKENS the route is off, whatever is presented.
      for (String presented : new String[] {null, "Bearer " + token}) {
        assertError(Http.sendAuthorized(op.method(), off.baseUrl() + path(op), body, presented), 403, "mutations_disabled",
            op + " on an instance without API_TOKENS");
        checked++;
      }
    }
    assertThat(Http.get(a.baseUrl() + "/api/agents").body()).as("the agents, after every refused change").isEqualTo(before);
    assertThat(new JsonObject(Http.get(a.baseUrl() + "/api/admin/halt").body()).getBoolean("halted")).isFalse();
    // A control: the same token check lets the configured token through.
    assertThat(Http.send("POST", a.baseUrl() + "/api/admin/halt", "{\"halted\":false}", token).statusCode()).isEqualTo(200);
    assertThat(Http.send("GET", b.baseUrl() + "/api/sessions", null, secrets.secondToken()).statusCode()).isEqualTo(200);

    report.append("## Unauthenticated mutations\n\n").append(guarded.size()).append(" guarded operations of openapi.yaml (")
        .append(guarded.stream().map(Operation::toString).toList()).append("), each sent with ").append(badAuthorizations.size())
        .append(" kinds of missing or bad Authorization to both instances, and with and without the token to an instance ")
        .append("without API_TOKENS: ").append(checked).append(" requests, all refused (401 unauthorized, 403 ")
        .append("mutations_disabled) with the JSON error; the agents and the halt unchanged. ").append(LocalDate.now()).append("\n\n");
  }

  private static void assertError(HttpResponse<String> response, int status, String code, String what) {
    assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/json");
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("code")).as(what).isEqualTo(code);
    assertThat(error.getString("message")).as(what).isNotBlank();
  }

  @Test
  @Order(2)
  void theBridgeRefusesCommandsWithoutAValidTokenAndEveryNonPublicAddress() throws Exception {
    JsonObject marked = new JsonObject().put("agentId", "momentum-1m").put("action", "BUY").put("halted", true)
        .put("reason", HostileFrames.REFUSED_MARKER);
    Map<String, JsonObject> badHeaders = new java.util.LinkedHashMap<>();
    badHeaders.put("no headers", null);
    badHeaders.put("a wrong token", new JsonObject().put("authorization", "Bearer wrong-token-0123456789abcdef"));
    badHeaders.put("the token as Basic", new JsonObject().put("authorization", "Basic " + secrets.token()));
    badHeaders.put("the token under another name", new JsonObject().put("x-authorization", "Bearer " + secrets.token()));
    badHeaders.put("the token in upper case", new JsonObject().put("authorization", "Bearer " + secrets.token().toUpperCase()));
    int refused = 0;
    for (Mariposa instance : List.of(a, b)) {
      BridgeClient socket = BridgeClient.connectNow(run.client(), instance.services().httpPort(), null);
      try {
        for (String address : List.of("cmd.signal", "cmd.halt")) {
          for (Map.Entry<String, JsonObject> headers : badHeaders.entrySet()) {
            socket.send(address, marked, headers.getValue());
            assertRefused(socket, "unauthorized", address + " with " + headers.getKey());
            refused++;
          }
          // Publishing is refused even with the token.
          socket.publish(address, marked, bearer());
          assertRefused(socket, "rejected", "a publish to " + address);
          refused++;
        }
        // With the token, only the command addresses: nothing else can be sent into the bus.
        for (String address : List.of("agents.changed", "analysis.run", "system.status", "market.ticker.BTCUSDT",
            "jobs.cleanup", "signal.momentum-1m")) {
          socket.send(address, marked, bearer());
          assertRefused(socket, "access_denied", "a send to " + address);
          refused++;
        }
        List<String> nonPublic = List.of("cmd.signal", "cmd.halt", "agents.changed", "analysis.run", "analysis.model.py",
            "__vertx.reply.1", "market.ticker.btcusdt", "market.ticker.*", "market.ticker.BTC?USDT", "session.x",
            "system.status.x", "", "jobs.", "perf.agent.A", "market.kline.BTCUSDT", "trade.momentum_1m");
        for (String address : nonPublic) {
          socket.register(address);
          assertRefused(socket, "access_denied", "registering " + address);
          refused++;
        }
        // None of them hears what is published there (the command addresses aside: their consumers
        // would act on it); a public address does.
        socket.register("system.status");
        for (String address : nonPublic) {
          if (!address.isEmpty() && !address.startsWith("cmd.") && !address.equals("analysis.run")) {
            instance.vertx().eventBus().publish(address, new JsonObject().put("leak", true));
          }
        }
        String reply = socket.send("cmd.halt", new JsonObject().put("halted", false).put("reason", "control"), bearer());
        List<JsonObject> frames = socket.drain(Duration.ofSeconds(2));
        assertThat(frames).as("the control command's answer").anyMatch(BridgeClient.messageOn(reply));
        assertThat(frames).as("a public address").anyMatch(BridgeClient.messageOn("system.status"));
        assertThat(frames).as("messages on refused addresses")
            .noneMatch(f -> f.getValue("body") instanceof JsonObject body && body.containsKey("leak"));
      } finally {
        socket.close();
      }
    }
    assertThat(busSeen).as("refused frames that reached the event bus").isEmpty();
    assertThat(new JsonObject(Http.get(a.baseUrl() + "/api/admin/halt").body()).getBoolean("halted")).isFalse();
    report.append("## Inbound bridge messages\n\n").append(refused).append(" frames on the SockJS bridge of both instances ")
        .append("refused: sends to cmd.signal and cmd.halt without a valid token (").append(badHeaders.keySet())
        .append(", their replies failed with 401 unauthorized), publishes (rejected), sends with the token to other ")
        .append("addresses (403 access_denied), and registrations of addresses that ")
        .append("are not public (access_denied); none reached the event bus, none of those addresses delivered anything, ")
        .append("and a command with the token was answered. ").append(LocalDate.now()).append("\n\n");
  }

  private JsonObject bearer() {
    return new JsonObject().put("authorization", "Bearer " + secrets.token());
  }

  /** The err frame of a refusal: a request's failed reply ("code: why"), or a bare reason in its body. */
  private static void assertRefused(BridgeClient socket, String reason, String what) throws InterruptedException {
    JsonObject error = socket.next(BridgeClient.error(), Duration.ofSeconds(5));
    assertThat(error).as(what + " refused").isNotNull();
    String code = error.containsKey("failureCode") ? error.getString("message").split(":", 2)[0] : error.getString("body");
    assertThat(code).as(what + ": " + error).isEqualTo(reason);
  }

  @Test
  @Order(3)
  void rateLimitsHoldForOneIdentityAcrossTwoInstances() throws Exception {
    // One identity (the second token) on both instances at once: reads and writes, each its own budget.
    Map<String, Hammered> groups = new java.util.LinkedHashMap<>();
    groups.put("read", new Hammered("GET", "/api/agents?limit=1", null, READ_RATE, READ_BURST));
    groups.put("write", new Hammered("POST", "/api/agents", "{}", WRITE_RATE, WRITE_BURST));
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    long deadline = t0 + HAMMER.toNanos();
    AtomicLong lastAnswer = new AtomicLong(t0);
    List<String> problems = new CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      Mariposa instance = t % 2 == 0 ? limitedA : limitedB;
      Hammered group = new ArrayList<>(groups.values()).get((t / 2) % groups.size());
      pool.execute(() -> {
        while (System.nanoTime() < deadline) {
          HttpResponse<String> answer = Http.send(group.method, instance.baseUrl() + group.path, group.body, secrets.secondToken());
          lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
          group.sent.incrementAndGet();
          if (answer.statusCode() == 429) {
            group.limited.incrementAndGet();
            if (answer.headers().firstValue("Retry-After").isEmpty() || !answer.body().contains("\"rate_limited\"")) {
              problems.add("a 429 without Retry-After or the JSON error: " + answer.body());
            }
          } else if (answer.statusCode() >= 500) {
            problems.add(group.path + " answered " + answer.statusCode() + ": " + answer.body());
          } else {
            group.accepted.incrementAndGet();
          }
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    double elapsed = (lastAnswer.get() - t0) / 1e9;

    report.append("## Rate limits across two instances\n\nOne identity (a bearer token) sent requests to two instances ")
        .append("at once, ").append(threads).append(" threads, for ").append(String.format("%.2f", elapsed))
        .append(" s (first request to last answer). Allowed = burst + rate x elapsed (GCRA from a full budget). ")
        .append(LocalDate.now()).append("\n\n| group | policy | sent | accepted | 429 | allowed | accepted / allowed |\n")
        .append("|---|---|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Hammered> entry : groups.entrySet()) {
      Hammered group = entry.getValue();
      double allowed = group.burst + (double) group.rate / PERIOD_SECONDS * elapsed;
      double ratio = group.accepted.get() / allowed;
      report.append("| ").append(entry.getKey()).append(" | ").append(group.rate).append(" per ").append(PERIOD_SECONDS)
          .append(" s, burst ").append(group.burst).append(" | ").append(group.sent).append(" | ").append(group.accepted)
          .append(" | ").append(group.limited).append(" | ").append(String.format("%.1f", allowed)).append(" | ")
          .append(String.format("%.3f", ratio)).append(" |\n");
      assertThat((double) group.accepted.get()).as("%s accepted (allowed %.1f in %.2f s)", entry.getKey(), allowed, elapsed)
          .isLessThanOrEqualTo(allowed * 1.01);
      // And the limit is a limit, not a wall: most of the budget is usable.
      assertThat((double) group.accepted.get()).as("%s accepted", entry.getKey()).isGreaterThan(allowed * 0.5);
      assertThat(group.limited.get()).as("%s refused beyond the budget", entry.getKey()).isPositive();
    }
    report.append('\n');
    assertThat(problems).isEmpty();
  }

  /** One group's traffic and what came of it. */
  private static final class Hammered {
    final String method;
    final String path;
    final String body;
    final int rate;
    final int burst;
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger limited = new AtomicInteger();

    Hammered(String method, String path, String body, int rate, int burst) {
      this.method = method;
      this.path = path;
      this.body = body;
      this.rate = rate;
      this.burst = burst;
    }
  }

  @Test
  @Order(4)
  void noConfiguredSecretInAnyLogLine() {
    List<String> lines = run.output().lines();
    List<String> leaking = lines.stream().filter(line -> secrets.foundIn(line).isPresent())
        .map(line -> HostileRequest.printable(secrets.redact(line), 300)).toList();
    report.append("## Secrets in this class's logs\n\n").append(lines.size()).append(" captured log events and console lines ")
        .append("(events by level: ").append(run.output().byLevel()).append(") of 5 instances: ").append(leaking.size())
        .append(" show a configured secret.\n\n");
    assertThat(leaking).as("log lines showing a secret").isEmpty();
  }
}
