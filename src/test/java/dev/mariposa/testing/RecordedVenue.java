package dev.mariposa.testing;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.paper.Fees;
import dev.mariposa.exchange.paper.Latency;
import dev.mariposa.kernel.memory.InMemoryPaperExchange;
import dev.mariposa.market.replay.RecordedStream;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One symbol of the real 2021-04-05 capture played into the backtest's venue
 * ({@link InMemoryPaperExchange}) message by message, as the backtest feeds it: at each message's
 * time, the venue's cancels and amends due by then first, then the message (its book, from the
 * depth diffs over the recorded REST snapshot, when something rests; its print).
 */
public final class RecordedVenue {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";
  private static final Map<String, List<String>> LINES = new HashMap<>();

  public final String symbol;
  public final InMemoryPaperExchange venue;
  private final RecordedStream stream;
  private final List<RecordedStream.Timed> messages;
  private long now;
  private int next;

  public RecordedVenue(String symbol, Fees fees, Latency latency) throws IOException {
    this.symbol = symbol;
    JsonObject snapshot = new JsonObject(Files.readString(SharedData.require(
        "binance/rest/depth_snapshot_2021-04-05_" + symbol + ".json")));
    this.stream = new RecordedStream(symbol, Optional.of(snapshot));
    this.messages = RecordedStream.timed(lines(symbol).stream().map(JsonObject::new).toList());
    this.venue = new InMemoryPaperExchange(s -> book(), fees, () -> Instant.ofEpochMilli(now), latency);
  }

  private static synchronized List<String> lines(String symbol) throws IOException {
    List<String> lines = LINES.get(symbol);
    if (lines == null) {
      String prefix = "\"stream\":\"" + symbol.toLowerCase(Locale.ROOT) + "@";
      try (var all = Files.lines(SharedData.require(CAPTURE))) {
        lines = all.filter(l -> l.contains(prefix)).toList();
      }
      LINES.put(symbol, lines);
    }
    return lines;
  }

  /** The venue's time: the last message played, or what {@link #at} set. */
  public long now() {
    return now;
  }

  /** Moves the venue's clock to {@code time} without playing anything (a request made between two messages). */
  public void at(long time) {
    now = time;
  }

  /** The book now, as the backtest would trade on it: synced and not crossed. */
  public Optional<BookSnapshot> book() {
    boolean usable = stream.book().isSynced() && !stream.book().book().isCrossed();
    return usable ? Optional.of(stream.book().book().snapshot(20, now, now, "replay")) : Optional.empty();
  }

  /** Plays messages until (and with) the depth update whose last update id is {@code u}. */
  public void untilDepth(long u) {
    while (next < messages.size()) {
      JsonObject message = messages.get(next).message();
      play(messages.get(next++));
      if (message.getString("stream").contains("@depth") && message.getJsonObject("data").getLong("u") == u) {
        return;
      }
    }
    throw new AssertionError("no depth update " + u + " of " + symbol);
  }

  /** Plays the messages before {@code time}. */
  public void until(long time) {
    while (next < messages.size() && messages.get(next).time() < time) {
      play(messages.get(next++));
    }
  }

  public void toTheEnd() {
    until(Long.MAX_VALUE);
  }

  private void play(RecordedStream.Timed timed) {
    venue.advanceTo(timed.time());
    now = timed.time();
    RecordedStream.Decoded decoded = stream.decode(timed.message(), now);
    if (decoded.bookChanged() && venue.rests(symbol)) {
      book().ifPresent(venue::onBook);
    }
    decoded.event().filter(e -> e.body() instanceof TradePrint).ifPresent(e -> venue.onTrade((TradePrint) e.body()));
  }

  public PlaceResult place(String id, Side side, OrderRequest.Type type, String quantity, BigDecimal price) {
    return venue.place(new OrderRequest(id, symbol, side, type, new BigDecimal(quantity), Optional.of(price))).result();
  }

  public OrderState state(String id) {
    return venue.lookup(symbol, id).result().orElseThrow();
  }
}
