package dev.mariposa.market;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * The last layer of the market cache: where a value comes from when neither the process nor
 * Redis has it (Binance REST). Empty means the exchange does not know the symbol.
 */
public interface MarketLoader {
  Future<Optional<JsonObject>> ticker(String symbol);

  Future<Optional<JsonObject>> orderBook(String symbol);

  Future<List<JsonObject>> klines(String symbol, String interval, int limit);
}
