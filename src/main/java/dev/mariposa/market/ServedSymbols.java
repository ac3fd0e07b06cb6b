package dev.mariposa.market;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.replay.KlineCsv;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The symbols this instance's market source can serve, for refusing an agent that would never see
 * a price: with MARKET_SOURCE=synthetic the configured SYMBOLS; with replay the symbols of
 * REPLAY_FILES (their names for kline CSVs, their stream names for recordings: read once, on a
 * worker, without parsing the messages); with binance any symbol, the feed subscribing to what
 * agents and readers want (demand-driven).
 */
public final class ServedSymbols {
  /** The symbol of a recorded combined-stream message, {@code {"stream":"btcusdt@trade",...}}. */
  private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*\"([A-Za-z0-9]+)@");

  private final Vertx vertx;
  private final MariposaConfig.Market market;
  private Future<Optional<SortedSet<String>>> symbols;

  public ServedSymbols(Vertx vertx, MariposaConfig.Market market) {
    this.vertx = vertx;
    this.market = market;
  }

  /** The symbols served; empty when any is (MARKET_SOURCE=binance). */
  public synchronized Future<Optional<SortedSet<String>>> symbols() {
    if (symbols == null) {
      symbols = switch (market.source()) {
        case BINANCE -> Future.succeededFuture(Optional.empty());
        case SYNTHETIC -> Future.succeededFuture(Optional.of(new TreeSet<>(market.symbols())));
        case REPLAY -> vertx.executeBlocking(() -> Optional.of(replayed(market.replayFiles())));
      };
      // A file that cannot be read now may be readable at the next ask.
      symbols.onFailure(t -> forget());
    }
    return symbols;
  }

  private synchronized void forget() {
    symbols = null;
  }

  /** Where the served symbols come from, as the user configured it. */
  public String source() {
    return switch (market.source()) {
      case BINANCE -> "MARKET_SOURCE=binance";
      case SYNTHETIC -> "MARKET_SOURCE=synthetic (SYMBOLS)";
      case REPLAY -> "MARKET_SOURCE=replay (REPLAY_FILES)";
    };
  }

  /** The symbols with data in {@code files}: depth snapshots alone feed nothing. Blocking. */
  static SortedSet<String> replayed(List<Path> files) {
    SortedSet<String> symbols = new TreeSet<>();
    for (Path file : files) {
      if (KlineCsv.matches(file)) {
        symbols.add(KlineCsv.symbol(file));
      } else {
        try (Stream<String> lines = Files.lines(file)) {
          lines.forEach(line -> {
            Matcher stream = STREAM.matcher(line);
            if (stream.find()) {
              symbols.add(stream.group(1).toUpperCase(Locale.ROOT));
            }
          });
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
      }
    }
    return symbols;
  }
}
