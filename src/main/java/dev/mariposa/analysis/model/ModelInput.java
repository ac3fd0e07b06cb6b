package dev.mariposa.analysis.model;

import dev.mariposa.analysis.indicators.BookFeatures;
import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What every model is given about one symbol at one moment: the shared indicator snapshot, the
 * live book when there is one, the last closes, and the price now (the bar's close on a bar, the
 * live price on a tick). The same input for every agent on the symbol and interval, so one model
 * answers it once for all of them.
 */
public record ModelInput(IndicatorSnapshot indicators, Optional<BookFeatures> book, List<Double> recentCloses,
                         double price, Trigger trigger) {

  public enum Trigger { BAR, TICK, REQUEST }

  /** How many closes a model is shown. */
  public static final int RECENT_CLOSES = 20;

  public String symbol() {
    return indicators.symbol();
  }

  /** The JSON a remote or LLM model reads: stable field order, so equal inputs hash equally. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("symbol", indicators.symbol())
        .put("interval", indicators.interval())
        .put("price", price)
        .put("indicators", indicators.toJson())
        .put("recentCloses", new JsonArray(recentCloses));
    book.ifPresent(b -> json.put("book", b.toJson()));
    return json;
  }
}
