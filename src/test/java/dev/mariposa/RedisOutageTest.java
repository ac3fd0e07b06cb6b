package dev.mariposa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.bus.Addresses;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.redis.RedisState;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestConfigs;
import dev.mariposa.wiring.Services;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis killed and started again on the same port while Mariposa runs: commands work again within
 * 2 s of its return, the subscriptions come back by themselves, /health goes DOWN then UP, and
 * both changes are published on system.status.
 */
class RedisOutageTest {
  @TempDir
  Path dataDir;

  private EmbeddedRedis redis;
  private Mariposa app;

  @BeforeEach
  void start() {
    redis = EmbeddedRedis.ephemeral();
    app = Mariposa.start(TestConfigs.config(dataDir, Map.of("REDIS_URL", redis.url())));
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
    redis.stop();
  }

  @Test
  void recoversFromARedisRestart() {
    Services platform = app.services();
    String health = app.baseUrl() + "/health";
    List<String> received = new CopyOnWriteArrayList<>();
    List<String> states = new CopyOnWriteArrayList<>();
    String channel = platform.keys().key("bus:", "test.outage");
    platform.redis().subscriber().subscribe(channel, m -> received.add(m.payload().toString())).await();
    app.vertx().eventBus().<JsonObject>consumer(Addresses.SYSTEM_STATUS,
        m -> states.add(m.body().getString("component") + "=" + m.body().getString("state")));

    assertThat(Http.status(health)).isEqualTo(200);
    platform.redis().publish(channel, Buffer.buffer("before")).await();
    Eventually.within(Duration.ofSeconds(2), "a message before the outage", () -> received.contains("before"));

    redis.kill();
    Eventually.within(Duration.ofSeconds(5), "/health says 503 DOWN", () -> Http.status(health) == 503);
    assertThat(Http.get(health).body()).contains("\"id\":\"redis\",\"status\":\"DOWN\"");
    assertThat(platform.redis().state()).isEqualTo(RedisState.DOWN);

    redis.start();
    long commandsBack = Eventually.within(Duration.ofSeconds(5), "commands succeed again", () ->
        platform.redis().send(Request.cmd(Command.PING)).map(r -> "PONG".equals(r.toString()))
            .otherwise(false).await());
    assertThat(commandsBack).as("ms from Redis's return to the first successful command").isLessThan(2000);

    Eventually.within(Duration.ofSeconds(5), "a message published after the restart arrives", () -> {
      platform.redis().publish(channel, Buffer.buffer("after")).otherwiseEmpty().await();
      return received.contains("after");
    });
    Eventually.within(Duration.ofSeconds(5), "/health says 200 UP again", () -> Http.status(health) == 200);
    Eventually.within(Duration.ofSeconds(2), "both changes on system.status",
        () -> states.contains("redis=DOWN") && states.lastIndexOf("redis=UP") > states.indexOf("redis=DOWN"));
  }

  /**
   * A frozen server (SIGSTOP) keeps every TCP connection open and answers nothing: only the
   * heartbeat notices. The layer must say DOWN and come back once the server runs again.
   */
  @Test
  void noticesASilentlyDeadServer() throws Exception {
    Services platform = app.services();
    String health = app.baseUrl() + "/health";
    assertThat(Http.status(health)).isEqualTo(200);

    signal("STOP", redis.pid());
    try {
      long noticed = Eventually.within(Duration.ofSeconds(5), "the silent failure is noticed",
          () -> platform.redis().state() == RedisState.DOWN);
      assertThat(noticed).as("ms until DOWN with a 200 ms heartbeat").isLessThan(3000);
      var down = Http.get(health);
      assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
    } finally {
      signal("CONT", redis.pid());
    }
    Eventually.within(Duration.ofSeconds(5), "UP again once the server runs",
        () -> platform.redis().state() == RedisState.UP);
    // Healthy again soon after: the other checks may still see the backlog of the pause (lag).
    String[] last = {""};
    Eventually.within(Duration.ofSeconds(5), () -> "/health 200 again, last answer: " + last[0], () -> {
      var answer = Http.get(health);
      last[0] = answer.statusCode() + " " + answer.body();
      return answer.statusCode() == 200;
    });
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }
}
