package dev.mariposa.testing;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import dev.mariposa.exchange.okx.OkxExchange;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * The OKX adapter on demo trading against a fake OKX with the same credentials, its shared rate
 * limits on {@code redis} under a key prefix of its own; closed adapter first.
 */
public record OkxOnFake(FakeOkx fake, OkxExchange okx) implements AutoCloseable {

  public static OkxOnFake start(Vertx vertx, RedisConnections redis, FakeOkx.Credentials credentials) {
    FakeOkx fake = FakeOkx.start(vertx, credentials, true);
    OkxExchange okx = new OkxExchange(vertx, new MariposaConfig.Okx(URI.create(fake.baseUrl()),
        Optional.of(Secret.of(credentials.apiKey())), Optional.of(Secret.of(credentials.secret())),
        Optional.of(Secret.of(credentials.passphrase())), true),
        new RateLimiter(redis, new LuaScripts()), new RedisKeys("okx" + UUID.randomUUID().toString().substring(0, 8) + ":"));
    return new OkxOnFake(fake, okx);
  }

  @Override
  public void close() {
    try {
      okx.close().await();
    } finally {
      fake.close();
    }
  }
}
