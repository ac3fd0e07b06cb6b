package dev.mariposa.bus.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.MarketEvent;
import dev.mariposa.events.Ticker;
import dev.mariposa.reliability.RawTcpBridge;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ticker or a book is a record on the bus, which the TCP bridge library cannot encode: a TCP
 * client still gets the library's message frame with the record's JSON, and nothing once it
 * unregisters.
 */
class TcpTickerTest {
  private static final int ANSWER_MS = 5_000;

  @TempDir
  Path dir;

  @Test
  void aTcpClientGetsTickersAsTheirJsonUntilItUnregisters() throws Exception {
    getsAsJsonUntilUnregistered("market.ticker.TCPUSDT", Ticker.quote("TCPUSDT", "synthetic", 1_700_000_000_000L,
        1_700_000_000_007L, new BigDecimal("63101.23"), new BigDecimal("0.512"), new BigDecimal("63101.24"),
        new BigDecimal("1.73")));
  }

  @Test
  void aTcpClientGetsBooksAsTheirJsonUntilItUnregisters() throws Exception {
    getsAsJsonUntilUnregistered("market.book.TCPUSDT", new BookSnapshot("TCPUSDT", "binance", null, 51_234_567_890L,
        1_700_000_000_000L, 1_700_000_000_007L,
        List.of(new BookSnapshot.Level(new BigDecimal("63101.23"), new BigDecimal("0.512"))),
        List.of(new BookSnapshot.Level(new BigDecimal("63101.24"), new BigDecimal("1.73")))));
  }

  private void getsAsJsonUntilUnregistered(String address, MarketEvent event) throws Exception {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("a", Map.of("ROLES", "http", "TCP_BRIDGE_PORT", "0"), json -> {});
      try (RawTcpBridge client = new RawTcpBridge(node.tcpBridgePort().orElseThrow())) {
        assertThat(client.roundTrip(wire("register", address), true, ANSWER_MS).frames()).isEmpty();
        List<JsonObject> messages = new ArrayList<>();
        Eventually.within(Duration.ofSeconds(10), () -> "a message frame; got " + messages, () -> {
          node.vertx().eventBus().publish(address, event);
          messages.addAll(messages(client));
          return !messages.isEmpty();
        });
        JsonObject frame = messages.get(0);
        assertThat(frame.getString("address")).isEqualTo(address);
        assertThat(frame.getBoolean("send")).isFalse();
        assertThat(frame.getJsonObject("body").encode()).isEqualTo(event.encode());

        assertThat(client.roundTrip(wire("unregister", address), true, ANSWER_MS).frames()).noneMatch(f -> f.contains("\"err\""));
        messages(client); // any published before the unregistration
        node.vertx().eventBus().publish(address, event);
        assertThat(messages(client)).as("after unregister").isEmpty();
        assertThat(messages(client)).as("after unregister").isEmpty();
      }
    }
  }

  /** The message frames that arrived before the answer to a ping. */
  private static List<JsonObject> messages(RawTcpBridge client) {
    return client.roundTrip(Buffer.buffer(), true, ANSWER_MS).frames().stream().map(JsonObject::new)
        .filter(f -> "message".equals(f.getString("type"))).toList();
  }

  private static Buffer wire(String type, String address) {
    return Buffer.buffer(RawTcpBridge.frame(new JsonObject().put("type", type).put("address", address).encode()));
  }
}
