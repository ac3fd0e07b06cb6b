package dev.mariposa.market.swap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.bus.BusHeaders;
import dev.mariposa.bus.EventSchemas;
import dev.mariposa.exchange.okx.OkxPublicMarket;
import dev.mariposa.market.MarketKeys;
import dev.mariposa.redis.Backoff;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkxPublicWs;
import dev.mariposa.testing.FakeOkxSwapMarket;
import dev.mariposa.testing.OkxAdapters;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SwapFeed end to end on loopback: the first state over REST from FakeOkx, then OKX's public
 * WebSocket (FakeOkxPublicWs pushing the recorded WNCG-USDT-SWAP mark-price, funding-rate and
 * index-tickers messages); every body published on market.swap.WNCGUSDT checked against its
 * schema, the cache written with its TTL on a real Redis, bad frames skipped, and a dropped
 * connection made again with every channel subscribed again.
 */
@ExtendWith(VertxExtension.class)
class SwapFeedTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration TTL = Duration.ofSeconds(5);
  /** Short, so the silence test is quick: the fake answers pings, so the other tests keep their connection. */
  private static final Duration SILENCE = Duration.ofMillis(400);

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @RegisterExtension
  final OkxAdapters adapters = OkxAdapters.on(redis,
      new FakeOkx.Credentials("fake-okx-key-3e8a", "fake-okx-secret-U3dhcEZlZWQ", "fake-okx-pass-Pp41"));

  private final List<JsonObject> published = new CopyOnWriteArrayList<>();
  private final List<String> seqs = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private FakeOkxPublicWs ws;
  private OkxPublicStream stream;
  private SwapFeed feed;
  private MarketKeys keys;
  private Context context;
  private MessageConsumer<JsonObject> consumer;

  @BeforeEach
  void start() {
    SharedData.require(FakeOkxSwapMarket.WS_SAMPLES);
    EventSchemas.get(); // read here, not on the event loop the feed shares with the consumer
    Vertx vertx = adapters.vertx();
    ws = FakeOkxPublicWs.start(vertx);
    keys = new MarketKeys(adapters.keys());
    consumer = vertx.eventBus().consumer("market.swap.WNCGUSDT", m -> {
      assertThat(m.headers().get(BusHeaders.FEED)).isEqualTo("swap:WNCGUSDT");
      assertThat(m.headers().get(BusHeaders.FEED_EPOCH)).isEqualTo("7");
      seqs.add(m.headers().get(BusHeaders.FEED_SEQ));
      problems.addAll(EventSchemas.get().validate(m.address(), new JsonObject(m.body().encode())));
      published.add(m.body());
    });
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      stream = new OkxPublicStream(vertx, URI.create(ws.url()), SILENCE,
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));
      feed = new SwapFeed(vertx, new OkxPublicMarket(vertx, adapters.configWithoutKeys(), adapters.limiter(),
          adapters.keys()), stream, redis.connections(), keys, TTL, new SimpleMeterRegistry());
      feed.follow("WNCGUSDT", 7);
    });
  }

  @AfterEach
  void stop() {
    consumer.unregister().await();
    io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
    context.runOnContext(v -> feed.close().onComplete(closed));
    closed.future().await();
    ws.close();
  }

  private JsonObject last() {
    return published.isEmpty() ? new JsonObject() : published.get(published.size() - 1);
  }

  private void push(String text) {
    context.runOnContext(v -> ws.push(text));
  }

  private static String mark(String px, long ts) {
    return "{\"arg\":{\"channel\":\"mark-price\",\"instId\":\"WNCG-USDT-SWAP\"},\"data\":[{\"instId\":\"WNCG-USDT-SWAP\","
        + "\"instType\":\"SWAP\",\"markPx\":\"" + px + "\",\"ts\":\"" + ts + "\"}]}";
  }

  @Test
  void publishesAndCachesTheRecordedStateWithItsSchemaAndTtl() {
    Eventually.within(WAIT, () -> "all three parts published, last: " + last(),
        () -> last().containsKey("markPx") && last().containsKey("idxPx") && last().containsKey("fundingRate"));
    JsonObject state = last();
    assertThat(state.getValue("markPx")).hasToString("2.1729");
    assertThat(state.getLong("markTime")).isEqualTo(1640131259180L);
    assertThat(state.getValue("idxPx")).hasToString("2.1675");
    assertThat(state.getString("indexInstId")).isEqualTo("WNCG-USDT");
    assertThat(state.getValue("fundingRate")).hasToString("0.00048105");
    assertThat(state.getValue("nextFundingRate")).hasToString("0.00114");
    assertThat(state.getLong("fundingTime")).isEqualTo(1640131200000L);
    assertThat(state.getString("source")).isEqualTo("okx");
    assertThat(problems).as("every body valid").isEmpty();
    assertThat(seqs).as("one sequence").doesNotHaveDuplicates();
    assertThat(ws.subscribed()).containsExactly(
        new JsonObject().put("channel", "mark-price").put("instId", "WNCG-USDT-SWAP"),
        new JsonObject().put("channel", "funding-rate").put("instId", "WNCG-USDT-SWAP"),
        new JsonObject().put("channel", "index-tickers").put("instId", "WNCG-USDT"));
    // The pushes may complete the state before the REST answers arrive.
    Eventually.within(WAIT, "three REST reads", () -> adapters.fake().swapMarket().queries().size() == 3);
    assertThat(adapters.fake().swapMarket().queries()).as("the first state over REST").containsExactlyInAnyOrder(
        "/api/v5/public/mark-price?instType=SWAP&instId=WNCG-USDT-SWAP",
        "/api/v5/public/funding-rate?instId=WNCG-USDT-SWAP", "/api/v5/market/index-tickers?instId=WNCG-USDT");

    SwapMarketReader reader = new SwapMarketReader(redis.connections(), keys, Clock.systemUTC());
    Eventually.within(WAIT, "the cache has all three parts", () -> reader.latest("WNCGUSDT").await()
        .map(l -> l.marks().funding().isPresent() && l.marks().index().isPresent() && l.marks().mark().isPresent())
        .orElse(false));
    SwapMarketReader.Latest latest = reader.latest("WNCGUSDT").await().orElseThrow();
    assertThat(latest.marks().mark().orElseThrow().markPx()).isEqualByComparingTo("2.1729");
    assertThat(latest.age()).isLessThan(WAIT);
    Response ttl = redis.connections().send(Request.cmd(Command.PTTL).arg(keys.swap("WNCGUSDT"))).await();
    assertThat(ttl.toLong()).isPositive().isLessThanOrEqualTo(TTL.toMillis());
    assertThat(reader.latest("BTCUSDT").await()).as("not followed").isEmpty();

    assertThat(reader.basis("WNCGUSDT").await()).as("no spot ticker cached").isEmpty();
    redis.connections().send(Request.cmd(Command.SET).arg(keys.ticker("WNCGUSDT"))
        .arg("{\"symbol\":\"WNCGUSDT\",\"bid\":2.1737,\"ask\":2.1738}")).await();
    // (2.1729 − 2.17375) / 2.17375, to 10 digits
    assertThat(reader.basis("WNCGUSDT").await()).hasValueSatisfying(b -> assertThat(b)
        .isEqualByComparingTo(new BigDecimal("-0.0003910293272")));
  }

  @Test
  void badFramesAreSkippedAndCountedAndNothingElseIsLost() {
    Eventually.within(WAIT, "subscribed, and the recorded mark", () -> ws.subscribed().size() == 3
        && last().containsKey("markPx") && last().containsKey("fundingRate"));
    push("{not json");
    push("{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"Wrong URL or channel:mark-price, instId:X doesn't exist\"}");
    push("{\"arg\":{\"channel\":\"mark-price\",\"instId\":\"WNCG-USDT-SWAP\"},\"data\":[{\"instId\":\"WNCG-USDT-SWAP\","
        + "\"ts\":\"1640131260000\"}]}");
    // A later mark, made up for the test.
    push(mark("2.1801", 1640131261000L));
    Eventually.within(WAIT, () -> "the later mark, last: " + last(), () -> "2.1801".equals(String.valueOf(last().getValue("markPx"))));
    assertThat(last().getValue("fundingRate")).as("the other parts kept").hasToString("0.00048105");
    assertThat(stream.malformed()).isEqualTo(1);
    assertThat(stream.errors()).isEqualTo(1);
    assertThat(problems).isEmpty();
  }

  @Test
  void aDroppedConnectionIsMadeAgainWithEveryChannel() {
    Eventually.within(WAIT, "subscribed", () -> ws.subscribed().size() == 3 && last().containsKey("markPx"));
    context.runOnContext(v -> ws.drop());
    Eventually.within(WAIT, () -> "subscribed again: " + ws.subscribed(),
        () -> ws.connections() == 2 && ws.subscribed().size() == 6);
    assertThat(ws.subscribed().subList(3, 6)).containsExactlyElementsOf(ws.subscribed().subList(0, 3));
    assertThat(stream.connects()).isEqualTo(2);
    push(mark("2.1900", 1640131262000L));
    Eventually.within(WAIT, () -> "a mark after the reconnect, last: " + last(),
        () -> "2.19".equals(String.valueOf(last().getValue("markPx"))));
  }

  @Test
  void aQuietConnectionIsPingedAndOneThatStaysSilentIsMadeAgain() {
    Eventually.within(WAIT, "subscribed", () -> ws.subscribed().size() == 3);
    Eventually.within(WAIT, "a ping after half the silence", () -> ws.pings() >= 1);
    assertThat(ws.connections()).as("answered with pong: still the same connection").isEqualTo(1);
    ws.answerPings(false);
    Eventually.within(WAIT, "silent: made again", () -> ws.connections() == 2 && ws.subscribed().size() == 6);
  }
}
