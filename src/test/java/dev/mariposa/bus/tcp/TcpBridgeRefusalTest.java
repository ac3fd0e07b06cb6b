package dev.mariposa.bus.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.reliability.RawTcpBridge;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each frame the TCP bridge refuses gets exactly one {@code err}, naming the reason; a refused
 * request's err answers its reply address with a failure code, as a failed reply. Counted on the
 * wire: each frame is followed by a ping, and everything before the pong is the frame's answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpBridgeRefusalTest {
  private static final String TOKEN = "tcp-refusal-token-0123456789";
  /** A token that may trade but not halt. */
  private static final String TRADER = "tcp-refusal-trader-0123456789";
  private static final int ANSWER_MS = 5_000;

  @TempDir
  static Path dir;
  private TestCluster cluster;
  private int port;

  @BeforeAll
  void start() {
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("a", Map.of("ROLES", "http", "API_TOKENS", TOKEN + "," + TRADER + "@trade",
        "TCP_BRIDGE_PORT", "0"),
        json -> json.getJsonObject("tcpBridge").put("maxRegistrationsPerSocket", 2).put("inboundPerSecond", 3));
    port = node.tcpBridgePort().orElseThrow();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void eachRefusedFrameGetsOneErrNamingTheReason() throws Exception {
    JsonObject halt = new JsonObject().put("halted", true).put("reason", "refusal test");
    try (RawTcpBridge client = new RawTcpBridge(port)) {
      assertOneErr(client, frame("register", "agents.changed", null), "access_denied");
      assertOneErr(client, frame("register", "analysis.model.x", null), "unauthorized");
      assertOneErr(client, frame("register", "analysis.model.x", "Bearer wrong-token-0123456789"), "unauthorized");
      assertOneErr(client, frame("register", "x".repeat(200), null), "invalid_address");
      assertOneErr(client, frame("publish", "market.ticker.BTCUSDT", "Bearer " + TOKEN), "rejected");
      assertOneErr(client, new JsonObject().put("type", "unregister"), "missing_address");
      assertOneErr(client, new JsonObject().put("type", "send").put("body", halt), "missing_address");
      // A command without a reply address: the err says why.
      assertOneErr(client, frame("send", "cmd.halt", null).put("body", halt), "unauthorized");
      // A request: its err answers the reply address, with the failure code.
      JsonObject refused = assertOneErr(client, frame("send", "cmd.halt", "Bearer wrong-token-0123456789")
          .put("body", halt).put("replyAddress", "reply-1"), "unauthorized");
      assertThat(refused.getString("address")).isEqualTo("reply-1");
      assertThat(refused.getInteger("failureCode")).isEqualTo(401);
      assertThat(refused.getString("message")).isEqualTo("unauthorized: the bearer token is not valid (not one of API_TOKENS)");
      // A valid token without the admin scope may not halt.
      assertThat(assertOneErr(client, frame("send", "cmd.halt", "Bearer " + TRADER).put("body", halt), "scope_required")
          .getString("message")).contains("halt or resume trading", "'admin'");
    }
    // A fresh connection: its registration and command limits.
    try (RawTcpBridge client = new RawTcpBridge(port)) {
      assertThat(client.roundTrip(wire(frame("register", "system.status", null)), true, ANSWER_MS).frames()).isEmpty();
      assertOneErr(client, frame("register", "system.status", null), "address_already_registered");
      assertThat(client.roundTrip(wire(frame("register", "market.ticker.BTCUSDT", null)), true, ANSWER_MS).frames())
          .noneMatch(f -> f.contains("\"err\""));
      assertOneErr(client, frame("register", "market.trade.BTCUSDT", null), "max_handlers_reached");
      // Four commands at once past a budget of three a second: the last is throttled, once.
      Buffer burst = Buffer.buffer();
      for (int i = 0; i < 4; i++) {
        burst.appendBytes(RawTcpBridge.frame(frame("send", "cmd.signal", "Bearer " + TOKEN)
            .put("body", new JsonObject().put("agentId", "nobody-here")).put("replyAddress", "r" + i).encode()));
      }
      RawTcpBridge.Answers answers = client.roundTrip(burst, true, ANSWER_MS);
      List<JsonObject> throttled = answers.frames().stream().map(JsonObject::new)
          .filter(f -> f.getString("message", "").startsWith("throttled")).toList();
      assertThat(throttled).as("%s", answers).hasSize(1);
      assertThat(throttled.get(0).getInteger("failureCode")).isEqualTo(429);
    }
  }

  /** Sends {@code frame} then a ping: exactly one err before the pong, its message starting with {@code code}. */
  private JsonObject assertOneErr(RawTcpBridge client, JsonObject frame, String code) {
    RawTcpBridge.Answers answers = client.roundTrip(wire(frame), true, ANSWER_MS);
    assertThat(answers.end()).as("%s: the pong came (the connection is still read)", frame).isEqualTo(RawTcpBridge.End.PONG);
    List<JsonObject> errs = answers.frames().stream().map(JsonObject::new).filter(f -> "err".equals(f.getString("type")))
        .toList();
    assertThat(errs).as("the err frames answering %s", frame).hasSize(1);
    assertThat(errs.get(0).getString("message")).as("%s", frame).startsWith(code + ": ");
    return errs.get(0);
  }

  private static JsonObject frame(String type, String address, String authorization) {
    JsonObject frame = new JsonObject().put("type", type).put("address", address);
    if (authorization != null) {
      frame.put("headers", new JsonObject().put("authorization", authorization));
    }
    return frame;
  }

  private static Buffer wire(JsonObject frame) {
    return Buffer.buffer(RawTcpBridge.frame(frame.encode()));
  }
}
