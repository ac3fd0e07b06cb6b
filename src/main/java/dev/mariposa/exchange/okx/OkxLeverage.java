package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reader;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sets a swap's leverage at OKX (POST /api/v5/account/set-leverage) before the first order that
 * needs it, once: OKX keeps a leverage per instrument and margin mode, and per position side for
 * an isolated position in long/short mode (then posSide is sent, as the set-leverage doc requires;
 * never otherwise). A success is remembered per such setting with its lever; orders meanwhile wait
 * for the same request; a different lever for the same setting is sent (it replaces OKX's); a
 * failure is forgotten, so the next order sends again.
 *
 * <p>A refusal fails with an {@link OkxException} carrying OKX's code (59102 leverage above the
 * maximum, 59101/59107/59112 pending orders in the way, ...); no answer fails as any read does.
 */
final class OkxLeverage {
  static final String SET_LEVERAGE_PATH = "/api/v5/account/set-leverage";

  /** What OKX keeps one leverage for. */
  record Setting(String instId, String mgnMode, Optional<String> posSide) {}

  private record Entry(int lever, Future<Void> set) {}

  private final OkxRestClient rest;
  private final Map<Setting, Entry> settings = new ConcurrentHashMap<>();

  OkxLeverage(OkxRestClient rest) {
    this.rest = Objects.requireNonNull(rest, "rest");
  }

  /** Completes once OKX has {@code lever} for {@code setting}: at once when it was set before. */
  Future<Void> ensure(Setting setting, int lever) {
    Promise<Void> promise = Promise.promise();
    Entry mine = new Entry(lever, promise.future());
    Entry current = settings.compute(setting, (k, before) -> before != null && before.lever() == lever
        && !before.set().failed() ? before : mine);
    if (current != mine) {
      return current.set();
    }
    rest.call(HttpMethod.POST, SET_LEVERAGE_PATH, body(setting, lever), true, new Reader<Void>(
            reply -> read(reply, setting, lever), t -> OkxReplies.readWithoutAnswer("set-leverage " + describe(setting,
                lever), t)))
        .onComplete(ar -> {
          if (ar.failed()) {
            settings.remove(setting, mine);
          }
          promise.handle(ar);
        });
    return promise.future();
  }

  /** The JSON text signed and sent, fields as OKX's examples order them. */
  static String body(Setting setting, int lever) {
    JsonObject json = new JsonObject().put("instId", setting.instId()).put("lever", Integer.toString(lever));
    setting.posSide().ifPresent(side -> json.put("posSide", side));
    return json.put("mgnMode", setting.mgnMode()).encode();
  }

  static Attempt<Void> read(Reply reply, Setting setting, int lever) {
    JsonObject json = OkxReplies.jsonObject(reply.body());
    String code = json == null ? null : OkxReplies.codeOf(json.getValue("code"));
    if (reply.status() / 100 == 2 && OkxCodes.OK.equals(code)) {
      return new Attempt<>(null, false);
    }
    return OkxReplies.failure("set-leverage " + describe(setting, lever), reply, code, json);
  }

  static String describe(Setting setting, int lever) {
    return lever + "x " + setting.mgnMode() + " on " + setting.instId() + setting.posSide().map(s -> " " + s).orElse("");
  }
}
