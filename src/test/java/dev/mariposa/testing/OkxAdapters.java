package dev.mariposa.testing;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import dev.mariposa.exchange.okx.OkxExchange;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OKX adapters under test against a FakeOkx on demo trading, as a JUnit 5 extension for a
 * non-static {@code @RegisterExtension} field: before each test a fake accepting {@code credentials}
 * and a Redis key prefix of its own; after it, every adapter it made or tracked closed, the fake
 * closed, and no message the test {@link #said(String) said} holding a credential.
 *
 * <p>The adapters share the rate limits on the class's {@link TestRedis.Server} (its Vert.x too).
 */
public final class OkxAdapters implements BeforeEachCallback, AfterEachCallback {
  private static final AtomicInteger IDS = new AtomicInteger();
  private final TestRedis.Server redis;
  private final FakeOkx.Credentials credentials;
  private final Optional<BigDecimal> fillPrice;
  private final List<OkxExchange> exchanges = new ArrayList<>();
  private final List<String> messages = new ArrayList<>();
  private RateLimiter limiter;
  private FakeOkx fake;
  private RedisKeys keys;

  private OkxAdapters(TestRedis.Server redis, FakeOkx.Credentials credentials, Optional<BigDecimal> fillPrice) {
    this.redis = redis;
    this.credentials = credentials;
    this.fillPrice = fillPrice;
  }

  public static OkxAdapters on(TestRedis.Server redis, FakeOkx.Credentials credentials) {
    return new OkxAdapters(redis, credentials, Optional.empty());
  }

  /** The same, with the fake filling market orders at {@code price}. */
  public OkxAdapters fillPrice(BigDecimal price) {
    return new OkxAdapters(redis, credentials, Optional.of(price));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    limiter = new RateLimiter(redis.connections(), new LuaScripts());
    fake = FakeOkx.start(vertx(), credentials, true);
    fillPrice.ifPresent(fake::fillPrice);
    keys = new RedisKeys("test" + UUID.randomUUID().toString().substring(0, 8) + ":");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      exchanges.forEach(e -> e.close().await());
    } finally {
      if (fake != null) {
        fake.close();
      }
    }
    for (String m : messages) {
      assertThat(m).as("no credential in a message").doesNotContain(credentials.apiKey())
          .doesNotContain(credentials.secret()).doesNotContain(credentials.passphrase());
    }
  }

  public Vertx vertx() {
    return redis.vertx();
  }

  /** This test's fake. */
  public FakeOkx fake() {
    return fake;
  }

  /** The limiter every adapter made here shares. */
  public RateLimiter limiter() {
    return limiter;
  }

  /** This test's key prefix. */
  public RedisKeys keys() {
    return keys;
  }

  /** An adapter on the fake with the right credentials and default options; closed after the test. */
  public OkxExchange exchange() {
    return exchange(config(credentials.secret()));
  }

  public OkxExchange exchange(OkxExchange.Options options) {
    return track(new OkxExchange(vertx(), config(credentials.secret()), limiter, keys, options));
  }

  public OkxExchange exchange(MariposaConfig.Okx config) {
    return track(new OkxExchange(vertx(), config, limiter, keys));
  }

  /** Closes {@code exchange} after the test. */
  public OkxExchange track(OkxExchange exchange) {
    exchanges.add(exchange);
    return exchange;
  }

  /** The fake on demo trading with the right key and passphrase and this {@code secret}. */
  public MariposaConfig.Okx config(String secret) {
    return config(fake.baseUrl(), secret, true);
  }

  public MariposaConfig.Okx config(String url, String secret, boolean simulated) {
    return new MariposaConfig.Okx(URI.create(url), Optional.of(Secret.of(credentials.apiKey())),
        Optional.of(Secret.of(secret)), Optional.of(Secret.of(credentials.passphrase())), simulated);
  }

  /** The fake on demo trading, no credentials at all. */
  public MariposaConfig.Okx configWithoutKeys() {
    return new MariposaConfig.Okx(URI.create(fake.baseUrl()), Optional.empty(), Optional.empty(), Optional.empty(), true);
  }

  /** A message an adapter gave the test, checked for credentials after it. */
  public void said(String message) {
    messages.add(message);
  }

  /** A fresh client order id (OKX's 1–32 letters and digits) starting with {@code prefix}. */
  public static String clOrdId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + IDS.incrementAndGet();
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> future) {
    try {
      future.await();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failed future, got " + future.result());
  }
}
