package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reader;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OKX's perpetual swap instruments, read from the public instruments endpoint (instType SWAP, one
 * instId per request, unsigned) and cached per instrument for the life of this object, as
 * {@link OkxExchange#instrument} caches the spot ones; a failed read is not cached.
 */
final class OkxSwapInstruments {
  private final OkxRestClient rest;
  private final Map<String, Future<SwapInstrument>> cache = new ConcurrentHashMap<>();

  OkxSwapInstruments(OkxRestClient rest) {
    this.rest = Objects.requireNonNull(rest, "rest");
  }

  Future<SwapInstrument> get(String instId) {
    String id;
    try {
      id = SwapInstrument.swapInstId(instId);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Future<SwapInstrument> cached = cache.get(id);
    if (cached != null) {
      return cached;
    }
    Promise<SwapInstrument> promise = Promise.promise();
    Future<SwapInstrument> raced = cache.putIfAbsent(id, promise.future());
    if (raced != null) {
      return raced;
    }
    String path = OkxExchange.INSTRUMENTS_PATH + "?instType=SWAP&instId=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    rest.call(HttpMethod.GET, path, null, false, new Reader<SwapInstrument>(reply -> read(reply, id),
            t -> OkxReplies.readWithoutAnswer("swap instrument " + id, t)))
        .onComplete(ar -> {
          if (ar.failed()) {
            cache.remove(id, promise.future());
          }
          promise.handle(ar);
        });
    return promise.future();
  }

  /** An instruments answer: the row of {@code instId}, or why there is none (51001 when OKX does not list it). */
  static Attempt<SwapInstrument> read(Reply reply, String instId) {
    JsonObject json = OkxReplies.jsonObject(reply.body());
    if (json == null && reply.status() / 100 == 2) {
      return Attempt.failed(new OkxException("BODY", "OKX swap instrument " + instId + ": the answer is not JSON"),
          false);
    }
    String code = json == null ? null : OkxReplies.codeOf(json.getValue("code"));
    if (reply.status() / 100 != 2 || !OkxCodes.OK.equals(code)) {
      return OkxReplies.failure("swap instrument " + instId, reply, code, json);
    }
    if (!(json.getValue("data") instanceof JsonArray data)) {
      return Attempt.failed(new OkxException("INSTRUMENT", "OKX swap instrument " + instId
          + ": the answer has no data list"), false);
    }
    for (int i = 0; i < data.size(); i++) {
      if (data.getValue(i) instanceof JsonObject row && instId.equals(OkxReplies.text(row.getValue("instId")))) {
        try {
          return new Attempt<>(SwapInstrument.fromRow(row), false);
        } catch (RuntimeException e) {
          return Attempt.failed(new OkxException("INSTRUMENT", e.getMessage()), false);
        }
      }
    }
    return Attempt.failed(new OkxException("51001", "OKX does not list the swap instrument " + instId), false);
  }
}
