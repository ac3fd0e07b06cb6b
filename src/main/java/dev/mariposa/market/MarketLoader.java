package dev.mariposa.market;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * The last layer of the market cache: where a value comes from when neither the process nor
 * Redis has it (Binance REST). Empty means the exchange does not know the symbol; a venue that
 * fails says so with an {@link UpstreamException}.
 */
public interface MarketLoader {
  /** The venue's name, for messages ("Binance"). */
  String venue();

  Future<Optional<JsonObject>> ticker(String symbol);

  Future<Optional<JsonObject>> orderBook(String symbol);

  /** The last {@code limit} bars; fails with {@link UnknownSymbol} when the venue does not list the symbol. */
  Future<List<JsonObject>> klines(String symbol, String interval, int limit);

  /** The venue does not list the symbol. */
  final class UnknownSymbol extends RuntimeException {
    public UnknownSymbol(String venue, String symbol) {
      super(venue + " does not list " + symbol, null, false, false);
    }
  }
}
