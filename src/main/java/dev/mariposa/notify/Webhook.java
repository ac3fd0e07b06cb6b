package dev.mariposa.notify;

import dev.mariposa.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * One configured webhook: Discord's ({@code discord.com}, {@code discordapp.com}) takes {@code
 * {"content": text}}, any other, Slack's and the many that copy it, {@code {"text": text}}. Sending
 * both fields to every URL would do for most, but Discord refuses text over 2000 characters in
 * {@code content} and Slack's schema-checked endpoints (workflows) refuse unknown fields: one
 * each, chosen by host. The URL is a secret (a Slack webhook URL is its own credential): logs name
 * the webhook by its position and kind only.
 */
final class Webhook {
  private static final int DISCORD_MAX = 2000;
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final WebClient client;
  private final Secret url;
  private final boolean discord;
  private final String name;

  Webhook(WebClient client, Secret url, int position) {
    this.client = client;
    this.url = url;
    String host = URI.create(url.reveal()).getHost().toLowerCase(Locale.ROOT);
    this.discord = host.equals("discord.com") || host.endsWith(".discord.com") || host.equals("discordapp.com")
        || host.endsWith(".discordapp.com");
    this.name = "webhook #" + position + (discord ? " (discord)" : "");
  }

  String name() {
    return name;
  }

  /** The body this webhook takes for {@code text}. */
  JsonObject body(String text) {
    return discord
        ? new JsonObject().put("content", text.length() <= DISCORD_MAX ? text : text.substring(0, DISCORD_MAX - 1) + "…")
        : new JsonObject().put("text", text);
  }

  /** 2xx: sent; 429: retried after its Retry-After; other 4xx: permanent; 5xx and network errors: retried. */
  Future<Void> send(String text) {
    return client.postAbs(url.reveal()).timeout(TIMEOUT.toMillis()).sendJsonObject(body(text))
        // The class only: Vert.x writes the request's path (a Slack URL's secret part) into a timeout's message.
        .recover(t -> Future.failedFuture(SendFailure.retry(name + ": " + t.getClass().getSimpleName())))
        .compose(response -> {
          int status = response.statusCode();
          if (status >= 200 && status < 300) {
            return Future.succeededFuture();
          }
          String what = name + ": HTTP " + status;
          if (status == 429) {
            return Future.failedFuture(SendFailure.retryAfter(what, Duration.ofSeconds(retryAfter(response.getHeader("Retry-After")))));
          }
          return Future.failedFuture(status >= 400 && status < 500 && status != 408
              ? SendFailure.permanent(what) : SendFailure.retry(what));
        });
  }

  private static long retryAfter(String header) {
    try {
      return Math.max(1, Math.min(300, (long) Math.ceil(Double.parseDouble(header.trim()))));
    } catch (RuntimeException e) {
      return 1;
    }
  }
}
