package dev.mariposa.market.swap;

import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.BusHeaders;
import dev.mariposa.exchange.okx.OkxPublicMarket;
import dev.mariposa.market.MarketKeys;
import dev.mariposa.market.swap.OkxPublicStream.Channel;
import dev.mariposa.redis.RedisConnections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed leader's swap market data: for each swap it leads ({@link #follow}), a first state read
 * over REST (funding comes only every 30 to 90 s on the stream) and then the {@code mark-price},
 * {@code funding-rate} and {@code index-tickers} channels of one shared {@link OkxPublicStream}.
 * Each part received is merged into the swap's {@link SwapMarks}, published at once on
 * {@code market.swap.{SYMBOL}} fenced with the lease epoch (header {@code x-feed}
 * {@code swap:<SYMBOL>}: a lease and a fence of its own, apart from the spot feed's), and written to
 * {@code market:swap:<SYMBOL>} with its TTL, the writes coalesced per symbol every
 * {@value #FLUSH_MS} ms. A row that cannot be read is logged and counted; the others go on.
 * Runs on one context.
 */
public final class SwapFeed {
  private static final Logger LOG = LoggerFactory.getLogger(SwapFeed.class);
  static final long FLUSH_MS = 100;
  /** The feed header of a swap: its lease and fence are not the spot symbol's. */
  public static final String FEED_PREFIX = "swap:";

  private final Vertx vertx;
  private final OkxPublicMarket rest;
  private final OkxPublicStream stream;
  private final RedisConnections redis;
  private final MarketKeys keys;
  private final Duration ttl;
  private final Counter updates;
  private final Counter unreadable;
  private final Map<String, Followed> followed = new HashMap<>();
  private final Map<String, SwapMarks> unwritten = new LinkedHashMap<>();
  private final long timer;

  private static final class Followed {
    final String symbol;
    final String epoch;
    final List<Channel> channels;
    SwapMarks marks;
    long seq;

    Followed(String symbol, long epoch, List<Channel> channels) {
      this.symbol = symbol;
      this.epoch = Long.toString(epoch);
      this.channels = channels;
      this.marks = SwapMarks.empty(symbol);
    }
  }

  public SwapFeed(Vertx vertx, OkxPublicMarket rest, OkxPublicStream stream, RedisConnections redis, MarketKeys keys,
                  Duration ttl, MeterRegistry meters) {
    this.vertx = vertx;
    this.rest = rest;
    this.stream = stream;
    this.redis = redis;
    this.keys = keys;
    this.ttl = ttl;
    this.updates = Counter.builder("mariposa.swap.updates").description("Swap mark, index and funding values received")
        .register(meters);
    this.unreadable = Counter.builder("mariposa.swap.unreadable")
        .description("Swap market rows that could not be read (skipped)").register(meters);
    this.timer = vertx.setPeriodic(FLUSH_MS, id -> flush());
  }

  /** The lease name's symbol for the swap of {@code symbol}: {@code swap:BTCUSDT}. */
  public static String feedName(String symbol) {
    return FEED_PREFIX + symbol;
  }

  /** Starts following the swap of {@code symbol} as leader with {@code epoch}. */
  public void follow(String symbol, long epoch) {
    String instId = SwapSymbols.instId(symbol);
    String index = SwapSymbols.indexInstId(symbol);
    List<Channel> channels = List.of(new Channel("mark-price", instId), new Channel("funding-rate", instId),
        new Channel("index-tickers", index));
    Followed swap = new Followed(symbol, epoch, channels);
    Followed before = followed.put(symbol, swap);
    if (before != null) {
      stream.unsubscribe(before.channels);
    }
    stream.subscribe(channels, (channel, row, at) -> onRow(swap, channel, row, at));
    snapshot(swap, "mark price", rest.markPrice(instId), m -> swap.marks.with(m, now()));
    snapshot(swap, "funding rate", rest.fundingRate(instId), f -> swap.marks.with(f, now()));
    snapshot(swap, "index price", rest.indexTicker(index), i -> swap.marks.with(i, now()));
  }

  public void unfollow(String symbol) {
    Followed swap = followed.remove(symbol);
    if (swap != null) {
      stream.unsubscribe(swap.channels);
    }
  }

  public Future<Void> close() {
    vertx.cancelTimer(timer);
    followed.clear();
    flush();
    stream.stop();
    return rest.close();
  }

  private <T> void snapshot(Followed swap, String what, Future<T> read, Function<T, SwapMarks> merge) {
    read.onSuccess(value -> {
      if (followed.get(swap.symbol) == swap) {
        update(swap, merge.apply(value));
      }
    }).onFailure(t -> LOG.warn("Swap {}: the {} could not be read over REST ({}); waiting for the stream", swap.symbol,
        what, t.getMessage()));
  }

  private void onRow(Followed swap, Channel channel, JsonObject row, long at) {
    if (followed.get(swap.symbol) != swap) {
      return;
    }
    try {
      SwapMarks next = switch (channel.channel()) {
        case "mark-price" -> swap.marks.with(MarkPrice.fromRow(row), at);
        case "funding-rate" -> swap.marks.with(FundingRate.fromRow(row), at);
        case "index-tickers" -> swap.marks.with(IndexPrice.fromRow(row), at);
        default -> throw new IllegalArgumentException("channel " + channel.channel() + " is not followed");
      };
      update(swap, next);
    } catch (IllegalArgumentException e) {
      unreadable.increment();
      LOG.warn("Swap {}: skipped a {} row: {}", swap.symbol, channel.channel(), e.getMessage());
    }
  }

  private void update(Followed swap, SwapMarks next) {
    updates.increment();
    SwapMarks before = swap.marks;
    if (next.mark().equals(before.mark()) && next.index().equals(before.index()) && next.funding().equals(before.funding())) {
      return; // an older or repeated value: nothing new to tell
    }
    swap.marks = next;
    vertx.eventBus().publish(Addresses.swap(swap.symbol), next.toJson(), new DeliveryOptions()
        .addHeader(BusHeaders.FEED, feedName(swap.symbol))
        .addHeader(BusHeaders.FEED_EPOCH, swap.epoch)
        .addHeader(BusHeaders.FEED_SEQ, Long.toString(++swap.seq)));
    unwritten.put(swap.symbol, next);
  }

  /** Lost writes are not retried: the next update rewrites the key. */
  private void flush() {
    if (unwritten.isEmpty()) {
      return;
    }
    List<Request> writes = new ArrayList<>(unwritten.size());
    unwritten.forEach((symbol, marks) -> writes.add(Request.cmd(Command.SET).arg(keys.swap(symbol))
        .arg(Buffer.buffer(marks.encode())).arg("PX").arg(ttl.toMillis())));
    unwritten.clear();
    // One key per request: on Redis Cluster a pipeline may span slots, each request goes to its own.
    writes.forEach(w -> redis.send(w).onFailure(t -> LOG.debug("Swap cache write failed: {}", t.getMessage())));
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
