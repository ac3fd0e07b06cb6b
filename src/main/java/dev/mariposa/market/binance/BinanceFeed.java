package dev.mariposa.market.binance;

import dev.mariposa.bus.Addresses;
import dev.mariposa.events.Ticker;
import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.book.BookSynchronizer.Outcome;
import dev.mariposa.market.book.BookSynchronizer;
import dev.mariposa.market.book.ThrottledBookPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live Binance data for one symbol, run by the symbol's feed leader: its streams on the shared
 * {@link BinanceStream} (bookTicker, aggTrade, depth@100ms, a kline stream per cached interval),
 * the local order book synced with REST depth snapshots (rebuilt after every reconnect and every
 * gap), and the normalized events published. Tickers say whether the book is in sync
 * ({@code bookSynced}): a real-money order waits while it is being rebuilt (signal.LivePrices).
 */
public final class BinanceFeed {
  private static final Logger LOG = LoggerFactory.getLogger(BinanceFeed.class);
  private static final int SNAPSHOT_LIMIT = 1000;
  private static final int DEPTH = 20;
  private static final long BOOK_INTERVAL_MS = 100;

  private final Vertx vertx;
  private final String symbol;
  private final BinanceRest rest;
  private final BiConsumer<String, Object> publish;
  private final BookSynchronizer book;
  private final BinanceStream stream;
  private final List<String> names;
  private final Counter malformed;
  private final Counter resyncs;
  private final ThrottledBookPublisher books;
  private boolean stopped;
  /** A snapshot request (or its retry) is out: at most one per symbol, so reconnects and gaps do not pile them up. */
  private boolean snapshotPending;

  public BinanceFeed(Vertx vertx, String symbol, BinanceStream stream, BinanceRest rest,
                     Collection<String> klineIntervals, BiConsumer<String, Object> publish,
                     MeterRegistry registry) {
    this.vertx = vertx;
    this.symbol = symbol;
    this.rest = rest;
    this.publish = publish;
    this.book = new BookSynchronizer(symbol);
    this.books = new ThrottledBookPublisher(vertx, BOOK_INTERVAL_MS, this::publishBook);
    this.malformed = Counter.builder("mariposa.binance.messages.malformed").tag("symbol", symbol)
        .description("Binance messages that could not be parsed, skipped").register(registry);
    this.resyncs = Counter.builder("mariposa.binance.book.resyncs").tag("symbol", symbol)
        .description("Order books thrown away and rebuilt from a snapshot (gaps, reconnects)").register(registry);
    this.stream = stream;
    this.names = streams(symbol, klineIntervals);
  }

  /** The symbol's streams: book ticker, aggregated trades, depth diffs, and a kline stream per interval. */
  static List<String> streams(String symbol, Collection<String> klineIntervals) {
    String s = symbol.toLowerCase(Locale.ROOT);
    List<String> streams = new ArrayList<>(List.of(s + "@bookTicker", s + "@aggTrade", s + "@depth@100ms"));
    klineIntervals.stream().sorted().forEach(i -> streams.add(s + "@kline_" + i));
    return streams;
  }

  public BinanceFeed start() {
    stream.subscribe(names, this::onMessage, this::onConnected);
    return this;
  }

  public void stop() {
    stopped = true;
    books.stop();
    stream.unsubscribe(names);
  }

  private void onConnected() {
    if (book.isSynced()) {
      resyncs.increment();
    }
    book.reset(); // messages may have been missed while disconnected
  }

  private void onMessage(JsonObject message) {
    try {
      if (BinanceMessages.isDepthDiff(message)) {
        onDiff(message.getJsonObject("data"));
      } else {
        BinanceMessages.normalize(message, System.currentTimeMillis()).ifPresent(e -> publish.accept(e.address(),
            e.body() instanceof Ticker ticker ? ticker.withBookSynced(book.isSynced()) : e.body()));
      }
    } catch (RuntimeException e) {
      malformed.increment();
    }
  }

  private void onDiff(JsonObject diff) {
    Outcome outcome = book.onDiff(diff);
    switch (outcome) {
      case FETCH_SNAPSHOT -> fetchSnapshot();
      case GAP -> {
        resyncs.increment();
        fetchSnapshot();
      }
      case APPLIED -> books.changed(diff.getLong("E", System.currentTimeMillis()));
      default -> { }
    }
  }

  private void fetchSnapshot() {
    if (stopped || snapshotPending) {
      return; // the answer on its way is handed to the synchronizer, which says whether it will do
    }
    snapshotPending = true;
    requestSnapshot();
  }

  private void requestSnapshot() {
    rest.depth(symbol, SNAPSHOT_LIMIT).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        long delay = ar.cause() instanceof RestWeightLimiter.Refused refused ? refused.retryAfter().toMillis() : 1000;
        LOG.warn("Depth snapshot of {} failed ({}); retrying in {} ms", symbol, ar.cause().getMessage(), delay);
        vertx.setTimer(Math.max(100, delay), id -> requestSnapshot());
        return;
      }
      Outcome outcome = book.onSnapshot(ar.result());
      switch (outcome) {
        case SYNCED -> books.changed(System.currentTimeMillis());
        case SNAPSHOT_UNUSABLE -> vertx.setTimer(250, id -> requestSnapshot());
        case GAP -> requestSnapshot();
        default -> { }
      }
      if (outcome != Outcome.SNAPSHOT_UNUSABLE && outcome != Outcome.GAP) {
        snapshotPending = false;
      }
    });
  }

  private void publishBook(long exchangeTime) {
    if (!book.isSynced() || book.book().isCrossed()) {
      return; // never a crossed book: it means an update was missed
    }
    publish.accept(Addresses.book(symbol), book.book()
        .snapshot(DEPTH, exchangeTime, System.currentTimeMillis(), "binance"));
  }
}
