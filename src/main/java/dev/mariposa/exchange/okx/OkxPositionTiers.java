package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reader;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The maintenance margin rate of a swap's first position tier, from OKX's public position tiers
 * (GET /api/v5/public/position-tiers?instType=SWAP&tdMode=isolated&instFamily=BTC-USDT; unsigned),
 * cached per instrument family for the life of this object as the instruments are; a failed read
 * is not cached. Tier 1 holds the smallest positions, the ones an agent's orders open; a larger
 * position falls in a higher tier with a higher rate, which OKX refuses or liquidates by (51004).
 */
final class OkxPositionTiers {
  static final String POSITION_TIERS_PATH = "/api/v5/public/position-tiers";

  private final OkxRestClient rest;
  private final Map<String, Future<BigDecimal>> cache = new ConcurrentHashMap<>();

  OkxPositionTiers(OkxRestClient rest) {
    this.rest = Objects.requireNonNull(rest, "rest");
  }

  /** Tier 1's mmr of the family ({@code BTC-USDT}), isolated margin. */
  Future<BigDecimal> firstTierMmr(String instFamily) {
    Future<BigDecimal> cached = cache.get(instFamily);
    if (cached != null) {
      return cached;
    }
    Promise<BigDecimal> promise = Promise.promise();
    Future<BigDecimal> raced = cache.putIfAbsent(instFamily, promise.future());
    if (raced != null) {
      return raced;
    }
    String path = POSITION_TIERS_PATH + "?instType=SWAP&tdMode=isolated&instFamily="
        + URLEncoder.encode(instFamily, StandardCharsets.UTF_8);
    rest.call(HttpMethod.GET, path, null, false, new Reader<BigDecimal>(reply -> read(reply, instFamily),
            t -> OkxReplies.readWithoutAnswer("position tiers of " + instFamily, t)))
        .onComplete(ar -> {
          if (ar.failed()) {
            cache.remove(instFamily, promise.future());
          }
          promise.handle(ar);
        });
    return promise.future();
  }

  /** A position tiers answer: the mmr of the family's tier 1. */
  static Attempt<BigDecimal> read(Reply reply, String instFamily) {
    JsonObject json = OkxReplies.jsonObject(reply.body());
    String code = json == null ? null : OkxReplies.codeOf(json.getValue("code"));
    if (reply.status() / 100 != 2 || !OkxCodes.OK.equals(code)) {
      return OkxReplies.failure("position tiers of " + instFamily, reply, code, json);
    }
    JsonArray data = json.getValue("data") instanceof JsonArray a ? a : new JsonArray();
    for (int i = 0; i < data.size(); i++) {
      if (data.getValue(i) instanceof JsonObject row && "1".equals(OkxReplies.text(row.getValue("tier")))
          && familyOf(row).equals(instFamily)) {
        BigDecimal mmr;
        try {
          mmr = OkxReplies.decimal(row.getValue("mmr"));
        } catch (NumberFormatException e) {
          mmr = BigDecimal.ZERO;
        }
        if (mmr.signum() <= 0 || mmr.compareTo(BigDecimal.ONE) >= 0) {
          return Attempt.failed(new OkxException("TIERS", "OKX position tier 1 of " + instFamily
              + " has no usable mmr: '" + OkxReplies.text(row.getValue("mmr")) + "'"), false);
        }
        return new Attempt<>(mmr.stripTrailingZeros(), false);
      }
    }
    return Attempt.failed(new OkxException("TIERS", "OKX lists no position tier 1 for " + instFamily), false);
  }

  /** instFamily, or uly where an older answer has only that. */
  private static String familyOf(JsonObject row) {
    String family = OkxReplies.text(row.getValue("instFamily"));
    return family.isEmpty() ? OkxReplies.text(row.getValue("uly")) : family;
  }
}
