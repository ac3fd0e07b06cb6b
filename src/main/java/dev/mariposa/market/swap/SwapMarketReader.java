package dev.mariposa.market.swap;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.market.MarketKeys;
import dev.mariposa.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The analysis and risk side's read of a swap's market state, from the cache the feed leader
 * writes ({@code market:swap:<SYMBOL>}): the latest {@link SwapMarks} with its age, and the basis
 * of the mark over the spot mid ({@code market:ticker:<SYMBOL>}). Empty when the cache has none
 * (no swap followed, or the feed silent past {@code cache.swapTtlMs}).
 */
public final class SwapMarketReader {
  /** The relative basis is given to 10 significant digits: a fraction, not money. */
  private static final MathContext BASIS = new MathContext(10, RoundingMode.HALF_EVEN);

  /** The state as cached, and how long ago the feed last received any part of it. */
  public record Latest(SwapMarks marks, Duration age) {}

  private final RedisConnections redis;
  private final MarketKeys keys;
  private final Clock clock;

  public SwapMarketReader(RedisConnections redis, MarketKeys keys, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
  }

  public Future<Optional<Latest>> latest(String symbol) {
    return get(keys.swap(symbol)).map(json -> json.map(j -> {
      SwapMarks marks = SwapMarks.fromJson(j);
      return new Latest(marks, Duration.ofMillis(Math.max(0, clock.millis() - marks.receivedAt())));
    }));
  }

  /** (mark − spot mid) / spot mid of {@code symbol}, from the cache; empty without both. */
  public Future<Optional<BigDecimal>> basis(String symbol) {
    return latest(symbol).compose(latest -> latest.isEmpty() ? Future.succeededFuture(Optional.empty())
        : get(keys.ticker(symbol)).map(ticker -> ticker.map(JsonDecimals::mid)
            .flatMap(mid -> basis(latest.get().marks(), mid))));
  }

  /** (mark − spot) / spot: positive when the swap trades above spot (longs then usually pay funding). */
  public static Optional<BigDecimal> basis(SwapMarks marks, BigDecimal spot) {
    if (spot == null || spot.signum() <= 0) {
      return Optional.empty();
    }
    return marks.mark().map(m -> m.markPx().subtract(spot).divide(spot, BASIS));
  }

  private Future<Optional<JsonObject>> get(String key) {
    return redis.send(Request.cmd(Command.GET).arg(key)).map(SwapMarketReader::json);
  }

  private static Optional<JsonObject> json(Response response) {
    return response == null ? Optional.empty() : Optional.of(new JsonObject(response.toBuffer()));
  }
}
