package dev.mariposa.analysis.model;

import dev.mariposa.analysis.indicators.BookFeatures;
import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import dev.mariposa.analysis.orderflow.OrderFlowSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What every model is given about one symbol at one moment: the shared indicator snapshot, the
 * live book when there is one, the last closes, the price now (the bar's close on a bar, the
 * live price on a tick or a flow update), and the symbol's order-flow features when it is
 * followed (an agent names {@code orderflow}). The same input for every agent on the symbol and
 * interval, so one model answers it once for all of them.
 */
public record ModelInput(IndicatorSnapshot indicators, Optional<BookFeatures> book, List<Double> recentCloses,
                         double price, Trigger trigger, Optional<OrderFlowSnapshot> flow) {

  /** BAR: a bar close; TICK: a throttled ticker; REQUEST: asked for; FLOW: a throttled book or trade update. */
  public enum Trigger { BAR, TICK, REQUEST, FLOW }

  /** How many closes a model is shown. */
  public static final int RECENT_CLOSES = 20;

  /** Without order-flow features. */
  public ModelInput(IndicatorSnapshot indicators, Optional<BookFeatures> book, List<Double> recentCloses, double price,
                    Trigger trigger) {
    this(indicators, book, recentCloses, price, trigger, Optional.empty());
  }

  public String symbol() {
    return indicators.symbol();
  }

  /**
   * The bar a result of this input is about, which makes its signal one per agent, symbol and bar:
   * the last closed bar's open time, or on a flow update the update's time, so each throttled
   * decision is a signal of its own.
   */
  public long barOpenTime() {
    return trigger == Trigger.FLOW && flow.isPresent() ? flow.get().time() : indicators.openTime();
  }

  /** The close time of {@link #barOpenTime}'s bar; on a flow update the update's time too. */
  public long barCloseTime() {
    return trigger == Trigger.FLOW && flow.isPresent() ? flow.get().time() : indicators.closeTime();
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
    flow.ifPresent(f -> json.put("flow", f.toJson()));
    return json;
  }
}
