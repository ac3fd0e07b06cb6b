package dev.mariposa.notify;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeTelegram;
import dev.mariposa.testing.FakeWebhook;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot's Bot API client and the delivery queues on local fakes: Telegram's 429 waits its
 * retry_after and the message goes once, a wrong token is a permanent 401 whose message holds no
 * token, a webhook failing twice gets the message on the third try, and a full queue drops its
 * oldest message, counted.
 */
class DeliveryTest {
  private static final String TOKEN = "987654:fakeTokenForDeliveryTest_abcdefgh";
  private Vertx vertx;
  private FakeTelegram telegram;
  private FakeWebhook webhook;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    telegram = FakeTelegram.start(vertx, TOKEN);
    webhook = FakeWebhook.start(vertx);
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    telegram.close();
    webhook.close();
    vertx.close().await();
  }

  private TelegramClient client(String token, String url) {
    return new TelegramClient(vertx, new MariposaConfig.Notify.Telegram(Optional.of(Secret.of(token)), List.of(7L),
        URI.create(url), Duration.ofSeconds(1)));
  }

  private DeliveryQueue queue(String kind, int limit, Function<String, Future<Void>> sender) {
    DeliveryQueue[] made = new DeliveryQueue[1];
    vertx.runOnContext(v -> made[0] = new DeliveryQueue(vertx, kind + " under test", kind, limit, 4,
        Duration.ofMillis(50), sender, registry));
    Eventually.within(Duration.ofSeconds(2), "the queue", () -> made[0] != null);
    return made[0];
  }

  private void offer(DeliveryQueue queue, String... texts) {
    vertx.runOnContext(v -> List.of(texts).forEach(queue::offer));
  }

  private double counted(String outcome, String kind) {
    var counter = registry.find("mariposa.notify." + outcome).tag("destination", kind).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void a429WaitsItsRetryAfterAndTheMessageGoesOnce() {
    TelegramClient client = client(TOKEN, telegram.baseUrl());
    telegram.rateLimitSends(1, 1);
    DeliveryQueue chat = queue("telegram", 10, text -> client.sendMessage(7, text));
    offer(chat, "FILL a BUY 1 BTCUSDT @ 1");
    Eventually.within(Duration.ofSeconds(10), "the message after the 429", () -> !telegram.sent().isEmpty());
    assertThat(telegram.refusedSends()).isEqualTo(1);
    assertThat(telegram.sent()).containsExactly(new FakeTelegram.Sent(7, "FILL a BUY 1 BTCUSDT @ 1"));
    // The fake records a message before its answer reaches the client, which counts it on the answer.
    Eventually.within(Duration.ofSeconds(10), "the send counted", () -> counted("sent", "telegram") >= 1);
    assertThat(counted("sent", "telegram")).isEqualTo(1);
  }

  @Test
  void aWrongTokenIsAPermanent401AndNoMessageHoldsTheToken() {
    String wrong = "111111:wrongTokenNeverToBeShown_0123456";
    Throwable refused = awaitFailure(client(wrong, telegram.baseUrl()).sendMessage(7, "hello"));
    assertThat(refused).isInstanceOf(SendFailure.class);
    assertThat(((SendFailure) refused).permanent()).isTrue();
    assertThat(refused.getMessage()).contains("401").contains("Unauthorized").doesNotContain(wrong);
    // Nothing listens there: a network failure, retried, without the URL's token either.
    int closed = dev.mariposa.embedded.FreePort.find();
    Throwable unreachable = awaitFailure(client(TOKEN, "http://127.0.0.1:" + closed).getUpdates(0, Duration.ofSeconds(1)));
    assertThat(((SendFailure) unreachable).permanent()).isFalse();
    assertThat(unreachable.getMessage()).doesNotContain(TOKEN);
    // Vert.x writes the request's URI into a timeout's message: the client takes the token out.
    TelegramClient client = client(TOKEN, telegram.baseUrl());
    assertThat(client.redact("The timeout period of 35000ms has been exceeded while executing POST /bot" + TOKEN
        + "/getUpdates for server 127.0.0.1:1")).doesNotContain(TOKEN).contains("/bot****/getUpdates");
  }

  private static Throwable awaitFailure(Future<?> future) {
    try {
      future.await();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void aWebhookThatFailsTwiceGetsTheMessageOnTheThirdTry() {
    webhook.failFirst(2);
    Webhook hook = new Webhook(WebClient.create(vertx), Secret.of(webhook.url("/services/T0/B0/secretpart")), 1);
    DeliveryQueue queue = queue("webhook", 10, hook::send);
    offer(queue, "HALTED: trading stopped");
    Eventually.within(Duration.ofSeconds(10), "the message", () -> !webhook.received().isEmpty());
    assertThat(webhook.requests()).isEqualTo(3);
    assertThat(webhook.received()).hasSize(1);
    assertThat(webhook.received().get(0).encode()).isEqualTo("{\"text\":\"HALTED: trading stopped\"}");
    // The fake records a message before its answer reaches the client, which counts it on the answer.
    Eventually.within(Duration.ofSeconds(10), "the send counted", () -> counted("sent", "webhook") >= 1);
    assertThat(counted("sent", "webhook")).isEqualTo(1);
  }

  @Test
  void aFullQueueDropsItsOldestMessagesCounted() {
    webhook.delayMs(300);
    Webhook hook = new Webhook(WebClient.create(vertx), Secret.of(webhook.url("/hook")), 1);
    DeliveryQueue queue = queue("webhook", 2, hook::send);
    // m1 is in flight at once; m2..m5 wait in a queue of 2: m2 and m3 are dropped.
    offer(queue, "m1", "m2", "m3", "m4", "m5");
    Eventually.within(Duration.ofSeconds(10), "three messages", () -> webhook.received().size() >= 3);
    assertThat(webhook.received().stream().map(b -> b.getString("text")).toList()).containsExactly("m1", "m4", "m5");
    assertThat(counted("dropped", "webhook")).isEqualTo(2);
  }

  @Test
  void discordTakesContentAndEveryOtherWebhookText() {
    WebClient client = WebClient.create(vertx);
    assertThat(new Webhook(client, Secret.of("https://discord.com/api/webhooks/1/x"), 1).body("hi").encode())
        .isEqualTo("{\"content\":\"hi\"}");
    assertThat(new Webhook(client, Secret.of("https://hooks.slack.com/services/T/B/x"), 2).body("hi").encode())
        .isEqualTo("{\"text\":\"hi\"}");
    assertThat(new Webhook(client, Secret.of("https://discord.com/api/webhooks/1/x"), 1).name())
        .isEqualTo("webhook #1 (discord)").doesNotContain("api");
  }
}
