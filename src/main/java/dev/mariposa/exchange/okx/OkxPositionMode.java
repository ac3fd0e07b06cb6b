package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reader;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's position mode (GET /api/v5/account/config, posMode), which every swap order must
 * respect: in long_short_mode an order names the position it acts on (posSide long or short), in
 * net_mode it names none and OKX nets buys against sells. Read once, before the first swap order,
 * and cached; {@link #reread} reads it again (after OKX refused a posSide with 51000: someone
 * switched the mode on the website). A failed read is not cached.
 */
final class OkxPositionMode {
  private static final Logger LOG = LoggerFactory.getLogger(OkxPositionMode.class);
  static final String CONFIG_PATH = "/api/v5/account/config";

  /** OKX's two position modes. */
  enum Mode {
    NET("net_mode"), LONG_SHORT("long_short_mode");

    final String venueName;

    Mode(String venueName) {
      this.venueName = venueName;
    }

    static Mode of(String posMode) {
      for (Mode m : values()) {
        if (m.venueName.equals(posMode)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown posMode '" + posMode + "'");
    }
  }

  private final OkxRestClient rest;
  private final AtomicReference<Future<Mode>> cached = new AtomicReference<>();

  OkxPositionMode(OkxRestClient rest) {
    this.rest = Objects.requireNonNull(rest, "rest");
  }

  /** The mode, read on first use. */
  Future<Mode> get() {
    Future<Mode> known = cached.get();
    return known != null ? known : fetch(null);
  }

  /** The mode read again, unless another caller already started a newer read than {@code stale}. */
  Future<Mode> reread(Future<Mode> stale) {
    return fetch(stale);
  }

  private Future<Mode> fetch(Future<Mode> stale) {
    Promise<Mode> promise = Promise.promise();
    Future<Mode> mine = promise.future();
    Future<Mode> current = cached.get();
    if (current != null && current != stale) {
      return current;
    }
    if (!cached.compareAndSet(current, mine)) {
      return cached.get();
    }
    rest.call(HttpMethod.GET, CONFIG_PATH, null, true, new Reader<Mode>(OkxPositionMode::read,
            t -> OkxReplies.readWithoutAnswer("account config", t)))
        .onComplete(ar -> {
          if (ar.failed()) {
            cached.compareAndSet(mine, null);
          } else if (ar.result() == Mode.NET) {
            // OKX nets every agent's orders on one instrument into one position: one agent's
            // reduce-only exit can meet another's opposite side and be refused (51169).
            LOG.warn("The OKX account is in net mode: run at most one swap agent per instrument, or switch the "
                + "account to long/short mode (several agents' longs and shorts are then kept apart)");
          }
          promise.handle(ar);
        });
    return mine;
  }

  /** An account config answer: its posMode. */
  static Attempt<Mode> read(Reply reply) {
    JsonObject json = OkxReplies.jsonObject(reply.body());
    String code = json == null ? null : OkxReplies.codeOf(json.getValue("code"));
    if (reply.status() / 100 != 2 || !OkxCodes.OK.equals(code)) {
      return OkxReplies.failure("account config", reply, code, json);
    }
    JsonObject row = OkxReplies.firstItem(json);
    try {
      return new Attempt<>(Mode.of(row == null ? "" : OkxReplies.text(row.getValue("posMode"))), false);
    } catch (IllegalArgumentException e) {
      return Attempt.failed(new OkxException("CONFIG", "OKX account config: " + e.getMessage()), false);
    }
  }
}
