package dev.mariposa.trade;

import dev.mariposa.Platform;
import dev.mariposa.trade.exchange.Exchange;
import io.vertx.core.Vertx;

/** Builds the OKX adapter (kept apart so that Exchanges reads as a table). */
final class OkxExchanges {
  private OkxExchanges() {}

  static Exchange create(Vertx vertx, Platform platform) {
    throw new UnsupportedOperationException("OKX adapter pending");
  }
}
