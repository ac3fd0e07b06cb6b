package dev.mariposa.http;

import dev.mariposa.market.Kline;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.market.ServedSymbols;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.regex.Pattern;

/**
 * GET /api/market/{symbol}/ticker, /klines?interval=&limit=&startTime=&endTime= (recent bars from
 * the cache, older ones from MongoDB), /orderbook?depth= and
 * /api/market/tickers?symbols=A,B: cached market data, validated parameters, JSON errors.
 */
public final class MarketApi implements ApiRoutes {
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,20}");
  private static final int MAX_SYMBOLS = 100;
  private static final String MARKET_DATA = "market data";

  private final MarketDataService market;
  /** What this instance's source serves, for the 404's message. */
  private final ServedSymbols served;

  public MarketApi(MarketDataService market, ServedSymbols served) {
    this.market = market;
    this.served = served;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/market/tickers").handler(this::tickers);
    router.get("/api/market/:symbol/ticker").handler(this::ticker);
    router.get("/api/market/:symbol/klines").handler(this::klines);
    router.get("/api/market/:symbol/orderbook").handler(this::orderBook);
  }

  private void ticker(RoutingContext ctx) {
    symbol(ctx).ifPresent(symbol -> market.ticker(symbol)
        .onSuccess(ticker -> ticker.ifPresentOrElse(ctx::json, () -> noData(ctx, "ticker", symbol)))
        .onFailure(t -> ApiError.send(ctx, t, MARKET_DATA)));
  }

  private void orderBook(RoutingContext ctx) {
    Optional<String> symbol = symbol(ctx);
    Optional<Integer> depth = Params.integer(ctx, "depth", 20, 1, 20);
    if (symbol.isEmpty() || depth.isEmpty()) {
      return;
    }
    market.orderBook(symbol.get(), depth.get())
        .onSuccess(book -> book.ifPresentOrElse(ctx::json, () -> noData(ctx, "order book", symbol.get())))
        .onFailure(t -> ApiError.send(ctx, t, MARKET_DATA));
  }

  private void klines(RoutingContext ctx) {
    Optional<String> symbol = symbol(ctx);
    String interval = ctx.queryParams().get("interval") == null ? "1m" : ctx.queryParams().get("interval");
    if (Kline.intervalLength(interval).isEmpty()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "interval must be one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d");
      return;
    }
    Optional<Integer> limit = Params.integer(ctx, "limit", 100, 1, 1000);
    if (symbol.isEmpty() || limit.isEmpty()) {
      return;
    }
    Optional<Optional<Long>> start = Params.millis(ctx, "startTime");
    Optional<Optional<Long>> end = start.isEmpty() ? Optional.empty() : Params.millis(ctx, "endTime");
    if (start.isEmpty() || end.isEmpty()) {
      return;
    }
    if (start.get().isPresent() && end.get().isPresent() && start.get().get() > end.get().get()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "startTime must not be after endTime");
      return;
    }
    market.klines(symbol.get(), interval, limit.get(), start.get().orElse(null), end.get().orElse(null))
        .onSuccess(bars -> {
          if (bars.isEmpty()) {
            noData(ctx, interval + " klines", symbol.get());
          } else {
            ctx.json(new JsonObject().put("symbol", symbol.get()).put("interval", interval)
                .put("klines", new JsonArray(bars)));
          }
        })
        .onFailure(t -> ApiError.send(ctx, t, MARKET_DATA));
  }

  private void tickers(RoutingContext ctx) {
    String param = ctx.queryParams().get("symbols");
    if (param == null || param.isBlank()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "symbols is required: a comma list such as BTCUSDT,ETHUSDT");
      return;
    }
    List<String> symbols = new ArrayList<>();
    for (String raw : param.split(",")) {
      String symbol = raw.trim().toUpperCase(Locale.ROOT);
      if (!SYMBOL.matcher(symbol).matches()) {
        ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "symbols: each must be 2 to 20 letters or digits, such as BTCUSDT");
        return;
      }
      if (!symbols.contains(symbol)) {
        symbols.add(symbol);
      }
    }
    if (symbols.size() > MAX_SYMBOLS) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "symbols: at most " + MAX_SYMBOLS);
      return;
    }
    market.tickers(symbols)
        .onSuccess(found -> ctx.json(new JsonObject()
            .put("tickers", new JsonObject(new LinkedHashMap<>(found)))
            .put("missing", new JsonArray(symbols.stream().filter(s -> !found.containsKey(s)).toList()))))
        .onFailure(t -> ApiError.send(ctx, t, MARKET_DATA));
  }

  private static Optional<String> symbol(RoutingContext ctx) {
    String symbol = ctx.pathParam("symbol").toUpperCase(Locale.ROOT);
    if (!SYMBOL.matcher(symbol).matches()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "symbol must be 2 to 20 letters or digits, such as BTCUSDT");
      return Optional.empty();
    }
    return Optional.of(symbol);
  }

  /**
   * Nothing for the symbol: the venue does not list it (when it said so), else it is not fed here
   * (the message lists what is, when only some symbols are), or not yet.
   */
  private void noData(RoutingContext ctx, String what, String symbol) {
    Future<Optional<SortedSet<String>>> servable = served.symbols().otherwise(Optional.empty());
    market.unknownToVenue(symbol).compose(unknown -> servable.map(symbols -> {
          if (unknown) {
            return new ApiException(ErrorCode.UNKNOWN_SYMBOL, market.venue().orElse("The venue") + " does not list " + symbol);
          }
          String fed = symbols.filter(s -> !s.contains(symbol))
              .map(s -> ": " + served.source() + " serves " + String.join(", ", s)).orElse(": it is not fed, or not yet");
          return new ApiException(ErrorCode.NO_MARKET_DATA, "No " + what + " for " + symbol + fed);
        }))
        .onSuccess(error -> ApiError.send(ctx, error))
        .onFailure(t -> ApiError.send(ctx, t, MARKET_DATA));
  }
}
