package dev.mariposa.exchange.paper;

import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderState;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * What the paper venues (live on MongoDB, and in memory for backtests) share: their instruments
 * ({@link PaperMatching}), a symbol's perpetual swap included, and orders known by client order
 * id alone, so a swap order is looked up and cancelled as a spot one.
 */
public interface PaperVenue extends Exchange {
  @Override
  default Future<Instrument> instrument(String symbol) {
    return Future.succeededFuture(PaperMatching.instrument(symbol));
  }

  @Override
  default Future<Instrument> swapInstrumentFor(String symbol) {
    return Future.succeededFuture(PaperMatching.swapInstrument(symbol));
  }

  @Override
  default Future<Optional<OrderState>> lookupSwap(String symbol, String clOrdId) {
    return lookup(symbol, clOrdId);
  }

  @Override
  default Future<CancelResult> cancelSwap(String symbol, String clOrdId) {
    return cancel(symbol, clOrdId);
  }
}
