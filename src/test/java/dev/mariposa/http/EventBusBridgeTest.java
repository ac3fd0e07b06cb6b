package dev.mariposa.http;

import static dev.mariposa.testing.BridgeClient.error;
import static dev.mariposa.testing.BridgeClient.messageOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.bus.Addresses;
import dev.mariposa.testing.BridgeClient;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SockJS bridge's security: what a client may receive (public addresses only), what it may
 * send (command addresses, with a token that never reaches the event bus), origins, and the
 * per-socket limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventBusBridgeTest {
  private static final String TOKEN = "bridge-test-token-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir
  static Path dir;
  private TestCluster cluster;
  private Mariposa instance;
  private Vertx client;
  private final List<JsonObject> commandsSeen = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() {
    cluster = new TestCluster(dir);
    instance = cluster.start("a", Map.of("ROLES", "http,feed", "SYMBOLS", "BTCUSDT", "API_TOKENS", TOKEN,
        "CORS_ORIGINS", "https://desk.example.com"), json -> json.getJsonObject("http").getJsonObject("sockJs")
        .put("maxHandlersPerSocket", 8).put("inboundPerSecond", 5));
    // Observes (does not alter) what reaches the command addresses, headers included.
    instance.vertx().eventBus().addInboundInterceptor((DeliveryContext<Object> delivery) -> {
      String address = delivery.message().address();
      if (Addresses.INBOUND_REQUESTS.contains(address)) {
        JsonObject headers = new JsonObject();
        delivery.message().headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        commandsSeen.add(new JsonObject().put("address", address).put("headers", headers));
      }
      delivery.next();
    });
    client = Vertx.vertx();
  }

  @AfterAll
  void stop() {
    client.close().await();
    cluster.close();
  }

  @BeforeEach
  void clear() {
    commandsSeen.clear();
  }

  private BridgeClient connect() throws Exception {
    return BridgeClient.connectNow(client, instance.services().httpPort(), null);
  }

  private static JsonObject bearer(String token) {
    return new JsonObject().put("authorization", "Bearer " + token);
  }

  @Test
  void publicAddressesAreDeliveredAndOthersAreRefused() throws Exception {
    try (BridgeClient socket = connect()) {
      socket.register("market.ticker.BTCUSDT");
      assertThat(socket.next(messageOn("market.ticker.BTCUSDT"), WAIT)).as("a live ticker").isNotNull();
      for (String hidden : List.of("agents.changed", "analysis.run", "cmd.halt", "session.x", "market.ticker.btc*",
          "market.ticker.BTCUSDT.extra", "signal.", "internal")) {
        socket.register(hidden);
        assertThat(socket.next(error(), WAIT)).as("registering " + hidden).isNotNull();
      }
      // Nothing published on a refused address reaches the socket.
      instance.vertx().eventBus().publish("agents.changed", new JsonObject().put("secret", "no"));
      instance.vertx().eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject().put("probe", 1));
      socket.register(Addresses.SYSTEM_STATUS);
      Eventually.within(WAIT, "system.status registered", () -> {
        instance.vertx().eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject().put("probe", 2));
        try {
          return socket.next(messageOn(Addresses.SYSTEM_STATUS), Duration.ofMillis(200)) != null;
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(socket.drain(Duration.ofMillis(300))).noneMatch(messageOn("agents.changed"));
    }
  }

  @Test
  void commandsNeedAValidTokenWhichNeverReachesTheEventBus() throws Exception {
    try (BridgeClient socket = connect()) {
      JsonObject halt = new JsonObject().put("halted", true).put("reason", "bridge test");
      // A refused request fails its reply, so the client's callback learns why.
      refusedRequest(socket, socket.send(Addresses.CMD_HALT, halt, null), 401, "unauthorized",
          "cmd.halt needs headers {\"authorization\": \"Bearer <token>\"}");
      refusedRequest(socket, socket.send(Addresses.CMD_HALT, halt, bearer("not-the-token-at-all-000")), 401,
          "unauthorized", "the bearer token is not valid");
      refusedRequest(socket, socket.send(Addresses.CMD_HALT, halt, new JsonObject().put("authorization", "Basic " + TOKEN)),
          401, "unauthorized", "the bearer token is not valid");
      refusedRequest(socket, socket.send("agents.changed", new JsonObject(), bearer(TOKEN)), 403, "access_denied",
          "not a command address: the bridge takes commands on cmd.signal and cmd.halt");
      // Without a reply address (no callback), and a publish: the reason goes to the client's onerror.
      socket.write(new JsonObject().put("type", "send").put("address", Addresses.CMD_HALT).put("body", halt));
      JsonObject noCallback = socket.next(error(), WAIT);
      assertThat(noCallback.getString("body")).isEqualTo("unauthorized");
      assertThat(noCallback.getString("message")).startsWith("cmd.halt needs headers");
      socket.publish(Addresses.CMD_HALT, halt, bearer(TOKEN));
      JsonObject published = socket.next(error(), WAIT);
      assertThat(published.getString("body")).as("publishing is refused").isEqualTo("rejected");
      assertThat(published.getString("message")).startsWith("publishing is not allowed");
      assertThat(socket.drain(Duration.ofMillis(300))).as("one err frame per refusal").noneMatch(error());
      assertThat(commandsSeen).as("nothing reached a command address").isEmpty();
    }
    // A fresh socket: the refusals above spent this one's command budget (inboundPerSecond=5).
    try (BridgeClient socket = connect()) {
      JsonObject halt = new JsonObject().put("halted", true).put("reason", "bridge test");
      String reply = socket.send(Addresses.CMD_HALT, halt, new JsonObject().put("Authorization", "Bearer " + TOKEN));
      JsonObject answer = socket.next(messageOn(reply), WAIT);
      assertThat(answer).as("the halt's reply").isNotNull();
      assertThat(answer.getJsonObject("body").getBoolean("halted")).isTrue();
      assertThat(commandsSeen).hasSize(1);
      assertThat(commandsSeen.get(0).getJsonObject("headers").fieldNames())
          .noneMatch(name -> name.equalsIgnoreCase("authorization"));
      assertThat(commandsSeen.get(0).encode()).doesNotContain(TOKEN);

      String resume = socket.send(Addresses.CMD_HALT, new JsonObject().put("halted", false), bearer(TOKEN));
      assertThat(socket.next(messageOn(resume), WAIT).getJsonObject("body").getBoolean("halted")).isFalse();
    }
  }

  /** The err frame answering the request of {@code replyAddress}: its reply's failure, naming the reason. */
  private static void refusedRequest(BridgeClient socket, String replyAddress, int status, String code, String why)
      throws InterruptedException {
    JsonObject failure = socket.next(error(), WAIT);
    assertThat(failure).as("%s refused", code).isNotNull();
    assertThat(failure.getString("address")).as("the err answers the request's reply address").isEqualTo(replyAddress);
    assertThat(failure.getInteger("failureCode")).isEqualTo(status);
    assertThat(failure.getString("failureType")).isEqualTo("RECIPIENT_FAILURE");
    assertThat(failure.getString("message")).startsWith(code + ": " + why);
  }

  @Test
  void commandFailuresComeBackWithTheirStatus() throws Exception {
    try (BridgeClient socket = connect()) {
      String reply = socket.send(Addresses.CMD_SIGNAL, new JsonObject().put("agentId", "nobody-here"), bearer(TOKEN));
      JsonObject failure = socket.next(f -> reply.equals(f.getString("address")), WAIT);
      assertThat(failure.getString("type")).isEqualTo("err");
      assertThat(failure.getInteger("failureCode")).isEqualTo(404);
      assertThat(failure.getString("message")).startsWith("agent_not_found");

      String bad = socket.send(Addresses.CMD_SIGNAL, "not an object", bearer(TOKEN));
      assertThat(socket.next(f -> bad.equals(f.getString("address")), WAIT).getInteger("failureCode")).isEqualTo(400);
    }
  }

  @Test
  void foreignOriginsAreClosedConfiguredAndOwnOnesAccepted() throws Exception {
    int port = instance.services().httpPort();
    try (BridgeClient own = BridgeClient.connectNow(client, port, "http://127.0.0.1:" + port);
         BridgeClient configured = BridgeClient.connectNow(client, port, "https://desk.example.com");
         BridgeClient foreign = BridgeClient.connectNow(client, port, "https://evil.example.net")) {
      Eventually.within(WAIT, "the foreign socket closed", foreign::isClosed);
      own.register(Addresses.SYSTEM_STATUS);
      configured.register(Addresses.SYSTEM_STATUS);
      Eventually.within(WAIT, "both allowed sockets receive", () -> {
        instance.vertx().eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject().put("probe", "origin"));
        try {
          return own.next(messageOn(Addresses.SYSTEM_STATUS), Duration.ofMillis(200)) != null
              && configured.next(messageOn(Addresses.SYSTEM_STATUS), Duration.ofMillis(200)) != null;
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(own.isClosed()).isFalse();
    }
  }

  @Test
  void perSocketLimitsHold() throws Exception {
    try (BridgeClient socket = connect()) {
      for (String symbol : List.of("AAAUSDT", "BBBUSDT", "CCCUSDT", "DDDUSDT", "EEEUSDT", "FFFUSDT", "GGGUSDT",
          "HHHUSDT", "IIIUSDT", "JJJUSDT")) {
        socket.register("market.trade." + symbol);
      }
      List<JsonObject> errors = socket.drain(Duration.ofSeconds(1)).stream().filter(error()).toList();
      assertThat(errors).as("registrations past maxHandlersPerSocket=8").hasSize(2)
          .allMatch(e -> e.getString("body").equals("max_handlers_reached"));
    }
    // A fresh socket: a request's reply handler counts against maxHandlersPerSocket too.
    try (BridgeClient socket = connect()) {
      AtomicInteger answered = new AtomicInteger();
      List<String> replies = new java.util.ArrayList<>();
      for (int i = 0; i < 30; i++) {
        replies.add(socket.send(Addresses.CMD_HALT, new JsonObject().put("halted", false), bearer(TOKEN)));
      }
      AtomicInteger throttled = new AtomicInteger();
      for (JsonObject frame : socket.drain(Duration.ofSeconds(2))) {
        if ("rec".equals(frame.getString("type")) && replies.contains(frame.getString("address"))) {
          answered.incrementAndGet();
        } else if (error().test(frame) && replies.contains(frame.getString("address"))
            && Integer.valueOf(429).equals(frame.getInteger("failureCode"))
            && frame.getString("message").startsWith("throttled: at most 5 commands per second")) {
          throttled.incrementAndGet();
        }
      }
      assertThat(answered.get()).as("30 commands at once, inboundPerSecond=5").isBetween(5, 7);
      assertThat(throttled.get()).as("the others fail their replies with the reason").isEqualTo(30 - answered.get());
    }
  }

  @Test
  void snapshotsArePacedAndTheNewestAlwaysArrives() throws Exception {
    String address = "market.ticker.PACEUSDT";
    long interval = instance.services().config().http().sockJs().snapshotInterval().toMillis();
    assertThat(interval).as("the default http.sockJs.snapshotIntervalMs").isEqualTo(50);
    try (BridgeClient socket = connect()) {
      socket.register(address);
      Eventually.within(WAIT, "the registration took", () -> {
        instance.vertx().eventBus().publish(address, new JsonObject().put("seq", -1));
        try {
          return socket.next(messageOn(address), Duration.ofMillis(200)) != null;
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      socket.drain(Duration.ofMillis(2 * interval));
      // 400 ticks over about a second: many times faster than the interval lets out.
      long started = System.nanoTime();
      int ticks = 400;
      for (int seq = 0; seq < ticks; seq++) {
        instance.vertx().eventBus().publish(address, new JsonObject().put("seq", seq));
        Thread.sleep(2);
      }
      long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
      List<Integer> seen = socket.drain(Duration.ofMillis(4 * interval)).stream().filter(messageOn(address))
          .map(frame -> frame.getJsonObject("body").getInteger("seq")).toList();
      assertThat(seen).as("ticks written in %d ms at most once per %d ms", elapsedMs, interval)
          .hasSizeLessThanOrEqualTo((int) (elapsedMs / interval) + 2).isSorted().doesNotHaveDuplicates();
      assertThat(seen).as("the newest tick is always written").isNotEmpty().last().isEqualTo(ticks - 1);
    }
  }
}
