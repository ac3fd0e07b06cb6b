package dev.mariposa.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EventCodecTest {
  private static final Ticker TICKER = Ticker.quote("BTCUSDT", "binance", 1, 2, new BigDecimal("63101.23"),
      new BigDecimal("0.512"), new BigDecimal("63101.24"), new BigDecimal("1.73")).withUpdateId(51234567890L);

  @Test
  void everyLocalConsumerGetsThePublishedInstanceUncopied(Vertx vertx, VertxTestContext test) {
    EventCodec.register(vertx.eventBus());
    EventCodec.register(vertx.eventBus()); // a second verticle registering again changes nothing
    List<Object> seen = new CopyOnWriteArrayList<>();
    var consumers = List.of(vertx.eventBus().consumer("market.ticker.BTCUSDT", m -> received(m.body(), seen, test)),
        vertx.eventBus().consumer("market.ticker.BTCUSDT", m -> received(m.body(), seen, test)));
    Future.all(consumers.stream().map(c -> c.completion()).toList())
        .onComplete(test.succeeding(v -> vertx.eventBus().publish("market.ticker.BTCUSDT", TICKER)));
  }

  private static void received(Object body, List<Object> seen, VertxTestContext test) {
    seen.add(body);
    if (seen.size() == 2) {
      test.verify(() -> assertThat(seen).allSatisfy(b -> assertThat(b).isSameAs(TICKER)));
      test.completeNow();
    }
  }

  @Test
  void onAWireItTravelsAsItsJson() {
    EventCodec<Ticker> codec = EventCodec.ticker();
    Buffer wire = Buffer.buffer("xx");
    codec.encodeToWire(wire, TICKER);
    assertThat(codec.decodeFromWire(2, wire)).isEqualTo(TICKER);
  }
}
