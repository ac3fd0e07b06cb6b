package dev.mariposa.analysis.llm;

import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import dev.mariposa.analysis.model.Action;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelDecision.Status;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.FakeLlm;
import dev.mariposa.testing.TestConfigs;
import dev.mariposa.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code llm:<model>} against a local OpenAI-compatible fake and a real Redis. */
class LlmModelTest {
  private static final String KEY = "sk-test-0123456789abcdef";
  private static final String MODEL = "gpt-test";

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();

  @TempDir
  Path dir;

  private FakeLlm fake;
  private SimpleMeterRegistry meters;
  private final List<LlmClient> clients = new ArrayList<>();

  @BeforeEach
  void startFake() {
    fake = FakeLlm.start(redis.vertx(), KEY);
    meters = new SimpleMeterRegistry();
  }

  @AfterEach
  void stopFake() {
    clients.forEach(LlmClient::close);
    fake.close();
  }

  @Test
  void aGoodAnswerIsADecisionAndTheKeyTravelsOnlyInTheHeader() {
    LlmModel model = model(ai(a -> { }), redis.connections());
    ModelDecision decision = decide(model, input(100));
    assertThat(decision.status()).isEqualTo(Status.OK);
    assertThat(decision.action()).isEqualTo(Action.BUY);
    assertThat(decision.confidence()).isEqualTo(0.8);
    assertThat(decision.reasons()).containsExactly("fake model says BUY");
    assertThat(fake.calls()).isEqualTo(1);
    assertThat(fake.authorizations()).containsExactly("Bearer " + KEY);
    JsonObject request = fake.requests().get(0);
    assertThat(request.getString("model")).isEqualTo(MODEL);
    assertThat(request.getJsonArray("messages").getJsonObject(1).getString("content"))
        .startsWith("Market snapshot: ").contains("\"rsi\":").contains("\"symbol\":\"BTCUSDT\"");
    assertThat(request.encode()).doesNotContain(KEY);
    assertThat(meters.get("mariposa.ai.tokens").tag("kind", "prompt").counter().count()).isEqualTo(120);
    assertThat(meters.get("mariposa.ai.tokens").tag("kind", "completion").counter().count()).isEqualTo(30);
    // 120 prompt tokens at 0.5 per 1k + 30 completion tokens at 1.5 per 1k
    assertThat(meters.get("mariposa.ai.cost").counter().count()).isCloseTo(0.105, org.assertj.core.data.Offset.offset(1e-9));

    fake.mode(FakeLlm.Mode.FENCED).answer("sell", 0.3);
    ModelDecision fenced = decide(model, input(101));
    assertThat(fenced.status()).isEqualTo(Status.OK);
    assertThat(fenced.action()).isEqualTo(Action.SELL);
  }

  @Test
  void proseAndOutOfSchemaAnswersHoldAndAreCounted() {
    LlmModel model = model(ai(a -> { }), redis.connections());
    fake.mode(FakeLlm.Mode.MALFORMED);
    ModelDecision prose = decide(model, input(100));
    fake.mode(FakeLlm.Mode.WRONG_SCHEMA);
    ModelDecision wrong = decide(model, input(101));
    assertThat(prose.status()).isEqualTo(Status.INVALID);
    assertThat(prose.action()).isEqualTo(Action.HOLD);
    assertThat(prose.detail()).contains("not a JSON object");
    assertThat(wrong.status()).isEqualTo(Status.INVALID);
    assertThat(wrong.detail()).contains("action must be BUY, SELL or HOLD");
    assertThat(meters.get("mariposa.ai.answers").tag("status", "invalid").counter().count()).isEqualTo(2);
    // An invalid answer is not cached: asking again calls again.
    decide(model, input(101));
    assertThat(fake.calls()).isEqualTo(3);
  }

  @Test
  void providerErrorsAndSlowAnswersHoldWithTheirReason() {
    LlmModel model = model(ai(a -> a.put("timeoutMs", 300).put("breakerFailures", 100)), redis.connections());
    fake.mode(FakeLlm.Mode.RATE_LIMITED);
    ModelDecision limited = decide(model, input(100));
    assertThat(limited.status()).isEqualTo(Status.RATE_LIMITED);
    assertThat(limited.detail()).contains("429").contains("retry after 7 s");
    fake.mode(FakeLlm.Mode.ERROR);
    ModelDecision failed = decide(model, input(101));
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.detail()).contains("500");
    fake.mode(FakeLlm.Mode.SLOW).slowMs(2_000);
    long started = System.nanoTime();
    ModelDecision slow = decide(model, input(102));
    assertThat(slow.status()).isEqualTo(Status.TIMEOUT);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_500);
  }

  @Test
  void theCircuitOpensAfterRepeatedFailuresAndStopsCalling() {
    LlmModel model = model(ai(a -> a.put("breakerFailures", 3).put("breakerResetMs", 60_000)), redis.connections());
    fake.mode(FakeLlm.Mode.ERROR);
    for (int i = 0; i < 3; i++) {
      assertThat(decide(model, input(100 + i)).status()).isEqualTo(Status.FAILED);
    }
    ModelDecision open = decide(model, input(200));
    assertThat(open.status()).isEqualTo(Status.CIRCUIT_OPEN);
    assertThat(fake.calls()).isEqualTo(3);
  }

  @Test
  void cachedAndConcurrentIdenticalRequestsCauseOneCall() {
    LlmModel model = model(ai(a -> { }), redis.connections());
    assertThat(decide(model, input(100)).cached()).isFalse();
    ModelDecision again = decide(model, input(100));
    assertThat(again.cached()).isTrue();
    assertThat(again.action()).isEqualTo(Action.BUY);
    // A second model object (another verticle, another instance) shares the Redis answer cache.
    assertThat(decide(model(ai(a -> { }), redis.connections()), input(100)).cached()).isTrue();
    assertThat(fake.calls()).isEqualTo(1);

    List<ModelDecision> together = decideTogether(model, input(300), input(300), input(300));
    assertThat(together).extracting(ModelDecision::status).containsOnly(Status.OK);
    assertThat(fake.calls()).isEqualTo(2);
    String cached = redis.connections().send(Request.cmd(Command.KEYS).arg("mariposa:analysis:llm:" + MODEL + ":*"))
        .await().toString();
    assertThat(cached).contains("mariposa:analysis:llm:gpt-test:");
  }

  @Test
  void theRateLimitIsSharedByInstances() {
    MariposaConfig.Ai ai = ai(a -> a.put("requestsPerMinute", 5));
    RedisConnections second = redis.connect(redis.vertx());
    try {
      LlmModel one = model(ai, redis.connections());
      LlmModel two = model(ai, second);
      List<ModelDecision> decisions = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        decisions.add(decide(i % 2 == 0 ? one : two, input(1000 + i)));
      }
      assertThat(fake.calls()).isEqualTo(5);
      assertThat(decisions.stream().filter(d -> d.status() == Status.OK)).hasSize(5);
      assertThat(decisions.stream().filter(d -> d.status() == Status.RATE_LIMITED)).hasSize(15)
          .allSatisfy(d -> assertThat(d.detail()).contains("model's rate limit"));
      String keys = redis.connections().send(Request.cmd(Command.KEYS).arg("*ratelimit*")).await().toString();
      assertThat(keys).contains("mariposa:ratelimit:{ai}:model:gpt-test").doesNotContain(KEY);
    } finally {
      second.close().await();
    }
  }

  private MariposaConfig.Ai ai(Consumer<JsonObject> tweak) {
    return TestConfigs.config(dir, Map.of("AI_BASE_URL", fake.baseUrl(), "AI_API_KEY", KEY, "AI_MODELS", MODEL), json -> {
      JsonObject ai = json.getJsonObject("ai");
      ai.put("pricePer1kTokens", new JsonObject().put(MODEL, new JsonObject().put("prompt", 0.5).put("completion", 1.5)));
      tweak.accept(ai);
    }).ai();
  }

  private LlmModel model(MariposaConfig.Ai ai, RedisConnections connections) {
    LlmClient client = new LlmClient(redis.vertx(), ai);
    clients.add(client);
    RedisKeys keys = new RedisKeys("mariposa:");
    AiGovernor governor = new AiGovernor(new RateLimiter(connections, new LuaScripts()), keys, ai, meters);
    CircuitBreaker breaker = CircuitBreaker.create("llm:" + MODEL, redis.vertx(), new CircuitBreakerOptions()
        .setMaxFailures(ai.breakerFailures()).setTimeout(ai.timeout().toMillis()).setResetTimeout(ai.breakerReset().toMillis()));
    return new LlmModel(MODEL, client, governor, breaker, new JsonCache(connections, meters),
        hash -> keys.key("analysis:", "llm", MODEL, hash), java.time.Duration.ofMinutes(2));
  }

  private static ModelInput input(double price) {
    IndicatorSnapshot snapshot = new IndicatorSnapshot("BTCUSDT", "1m", 0, 59_999, 60, true, price, 55, price, price - 1,
        0.5, 0.4, 0.1, price + 5, price, price - 5, 2, price);
    return new ModelInput(snapshot, Optional.empty(), List.of(price - 1, price), price, ModelInput.Trigger.BAR);
  }

  /** Models are used from one event loop: run there, wait here. */
  private static ModelDecision decide(LlmModel model, ModelInput input) {
    return decideTogether(model, input).get(0);
  }

  private static List<ModelDecision> decideTogether(LlmModel model, ModelInput... inputs) {
    Context context = redis.vertx().getOrCreateContext();
    Promise<List<ModelDecision>> done = Promise.promise();
    context.runOnContext(v -> {
      List<Future<ModelDecision>> all = new ArrayList<>();
      for (ModelInput input : inputs) {
        all.add(model.decide(input));
      }
      Future.all(all).map(f -> all.stream().map(Future::result).toList()).onComplete(done);
    });
    return done.future().await();
  }
}
