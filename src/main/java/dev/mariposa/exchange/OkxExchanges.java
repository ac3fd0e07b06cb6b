package dev.mariposa.exchange;

import dev.mariposa.Platform;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.exchange.okx.OkxExchange;
import io.vertx.core.Vertx;

/** Builds the OKX adapter (kept apart so that Exchanges reads as a table). */
final class OkxExchanges {
  private OkxExchanges() {}

  static Exchange create(Vertx vertx, Platform platform) {
    return new OkxExchange(vertx, platform.config().exchange().okx(), new RateLimiter(platform.redis(), platform.scripts()),
        platform.keys());
  }
}
