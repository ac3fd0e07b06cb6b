package dev.mariposa.notify;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;

/**
 * The two Bot API methods the bot uses: {@code getUpdates} (long polling) and {@code
 * sendMessage}. Every answer is {@code {ok, result}} or {@code {ok:false, error_code,
 * description, parameters?:{retry_after}}}; failures become {@link SendFailure}s (429: retry after
 * what Telegram says; 400, 401, 403, 404: permanent; the rest and network errors: retry).
 *
 * <p>The token is part of every method's URL ({@code /bot<token>/<method>}), and Vert.x puts the
 * request's URI into some exception messages (a timeout's): no failure leaves this class with the
 * token in its message, and it never logs.
 */
final class TelegramClient {
  /** Telegram's limit on a message's length; longer text is cut. */
  static final int MAX_TEXT = 4096;
  /** How much longer than the long poll's own timeout a getUpdates may take before it is given up. */
  private static final Duration POLL_GRACE = Duration.ofSeconds(10);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

  private final WebClient client;
  private final String base;
  private final Secret token;

  TelegramClient(Vertx vertx, MariposaConfig.Notify.Telegram config) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000)
        .setUserAgent("mariposa-notify").setKeepAlive(true));
    String url = config.apiUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = config.botToken().orElseThrow(() -> new IllegalArgumentException("no bot token"));
  }

  /** Updates from {@code offset} on (confirming those before it), waiting up to {@code timeout} for one. */
  Future<JsonArray> getUpdates(long offset, Duration timeout) {
    JsonObject body = new JsonObject().put("offset", offset).put("timeout", timeout.toSeconds())
        .put("allowed_updates", new JsonArray().add("message"));
    return call("getUpdates", body, timeout.plus(POLL_GRACE)).map(result -> (JsonArray) result);
  }

  /** Plain text (no parse_mode: nothing a fill or a reason holds needs escaping), cut to Telegram's limit. */
  Future<Void> sendMessage(long chatId, String text) {
    String cut = text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    JsonObject body = new JsonObject().put("chat_id", chatId).put("text", cut)
        .put("link_preview_options", new JsonObject().put("is_disabled", true));
    return call("sendMessage", body, SEND_TIMEOUT).mapEmpty();
  }

  void close() {
    client.close();
  }

  private Future<Object> call(String method, JsonObject body, Duration timeout) {
    return client.postAbs(base + "/bot" + token.reveal() + "/" + method).timeout(timeout.toMillis())
        .sendJsonObject(body)
        .recover(t -> Future.failedFuture(SendFailure.retry(method + ": " + redact(t.getMessage()))))
        .compose(response -> answer(method, response));
  }

  private Future<Object> answer(String method, HttpResponse<Buffer> response) {
    JsonObject json;
    try {
      json = response.body() == null ? null : response.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    if (json == null) {
      String what = method + ": HTTP " + response.statusCode() + " without a Bot API answer";
      return Future.failedFuture(response.statusCode() >= 500 ? SendFailure.retry(what) : SendFailure.permanent(what));
    }
    if (json.getBoolean("ok", false)) {
      return Future.succeededFuture(json.getValue("result"));
    }
    int code = json.getInteger("error_code", response.statusCode());
    String what = method + ": " + code + " " + redact(json.getString("description", "no description"));
    JsonObject parameters = json.getJsonObject("parameters", new JsonObject());
    if (code == 429 || parameters.containsKey("retry_after")) {
      return Future.failedFuture(SendFailure.retryAfter(what, Duration.ofSeconds(Math.max(1, parameters.getLong("retry_after", 1L)))));
    }
    return Future.failedFuture(code >= 400 && code < 500 && code != 408 ? SendFailure.permanent(what) : SendFailure.retry(what));
  }

  /** The message without the token, wherever a library put the URL into it. */
  String redact(String message) {
    return message == null ? "no message" : message.replace(token.reveal(), "****");
  }
}
