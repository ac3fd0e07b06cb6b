package dev.mariposa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mariposa.config.MariposaConfig.ExchangeKind;
import dev.mariposa.config.MariposaConfig.MarketSource;
import dev.mariposa.config.MariposaConfig.RedisMode;
import java.io.IOException;
import java.net.URI;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed configuration: shipped defaults, every environment override of {@link Variables}, and the
 * one-line errors for bad values. The process environment is never read: every test passes its
 * own map.
 */
class ConfigLoaderTest {
  private static final String PREFIX = "Invalid configuration:";
  private static final String TOKEN_A = "token-aaaaaaaaaaaaaaaa";
  private static final String TOKEN_B = "token-bbbbbbbbbbbbbbbb";

  private static MariposaConfig config(Map<String, String> env) {
    return ConfigLoader.from(ConfigLoader.defaults(), env);
  }

  /** The error for {@code env}, checked to be one line starting with the common prefix. */
  private static String error(Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.from(ConfigLoader.defaults(), env));
    assertThat(e).as("ConfigException for %s", env.keySet()).isNotNull();
    return checkedMessage(e);
  }

  private static String checkedMessage(ConfigException e) {
    String message = e.getMessage();
    assertThat(message).startsWith(PREFIX);
    assertThat(message).doesNotContain("\n").doesNotContain("\r");
    return message;
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  // ---------------------------------------------------------------------------------------------
  // Defaults

  @Nested
  class Defaults {
    private final MariposaConfig config = config(Map.of());

    @Test
    void runsAllRoles() {
      assertThat(config.roles()).isEqualTo(EnumSet.allOf(Role.class));
      for (Role role : Role.values()) {
        assertThat(config.runs(role)).isTrue();
      }
    }

    @Test
    void httpOn8080OnAllInterfaces() {
      assertThat(config.http().port()).isEqualTo(8080);
      assertThat(config.http().host()).isEqualTo("0.0.0.0");
      assertThat(config.http().bodyLimitBytes()).isEqualTo(65536);
    }

    @Test
    void embeddedRedisWithDefaults() {
      MariposaConfig.Redis redis = config.redis();
      assertThat(redis.urls()).isEmpty();
      assertThat(redis.embedded()).isTrue();
      assertThat(redis.password()).isNull();
      assertThat(redis.db()).isZero();
      assertThat(redis.timeout()).isEqualTo(Duration.ofMillis(5000));
      assertThat(redis.retryAttempts()).isEqualTo(3);
      assertThat(redis.mode()).isEqualTo(RedisMode.STANDALONE);
      assertThat(redis.keyPrefix()).isEqualTo("mariposa:");
    }

    @Test
    void embeddedMongo() {
      assertThat(config.mongo().url()).isEmpty();
      assertThat(config.mongo().embedded()).isTrue();
      assertThat(config.mongo().db()).isEqualTo("mariposa");
    }

    @Test
    void dataDir() {
      assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    }

    @Test
    void binanceMarketForTwoSymbols() {
      MariposaConfig.Market market = config.market();
      assertThat(market.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
      assertThat(market.source()).isEqualTo(MarketSource.BINANCE);
      assertThat(market.replayFiles()).isEmpty();
      assertThat(market.replaySpeed()).isEqualTo(1.0);
      assertThat(market.binanceWsUrl()).isEqualTo(URI.create("wss://stream.binance.com:9443"));
      assertThat(market.binanceRestUrl()).isEqualTo(URI.create("https://api.binance.com"));
    }

    @Test
    void noSwapFollowedAndOkxsPublicStreamReady() {
      MariposaConfig.Swaps swaps = config.market().swaps();
      assertThat(swaps.symbols()).isEmpty();
      assertThat(swaps.okxWsUrl()).isEqualTo(URI.create("wss://ws.okx.com:8443/ws/v5/public"));
      assertThat(swaps.okxSilence()).isEqualTo(Duration.ofSeconds(25));
      assertThat(config.cache().swapTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void paperExchangeWithSimulatedOkx() {
      assertThat(config.exchange().kind()).isEqualTo(ExchangeKind.PAPER);
      MariposaConfig.Okx okx = config.exchange().okx();
      assertThat(okx.simulated()).isTrue();
      assertThat(okx.restUrl()).isEqualTo(URI.create("https://www.okx.com"));
      assertThat(okx.apiKey()).isEmpty();
      assertThat(okx.apiSecret()).isEmpty();
      assertThat(okx.passphrase()).isEmpty();
    }

    @Test
    void noApiTokensMeansNoMutations() {
      assertThat(config.api().tokens()).isEmpty();
      assertThat(config.api().mutationsEnabled()).isFalse();
    }

    @Test
    void aiDisabled() {
      assertThat(config.ai().baseUrl()).isEmpty();
      assertThat(config.ai().apiKey()).isEmpty();
      assertThat(config.ai().models()).isEmpty();
      assertThat(config.ai().enabled()).isFalse();
    }

    @Test
    void instanceIdDefaulted() {
      assertThat(config.instanceId()).isNotBlank().matches("[A-Za-z0-9._-]{1,64}");
      assertThat(ConfigLoader.defaultInstanceId()).matches("[A-Za-z0-9._-]{1,64}")
          .endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void instancesAndCaches() {
      assertThat(config.instancesOf(Role.HTTP)).isEqualTo(2);
      assertThat(config.instancesOf(Role.FEED)).isEqualTo(1);
      assertThat(config.cache().tickerTtl()).isEqualTo(Duration.ofSeconds(2));
      assertThat(config.cache().klineTtl()).containsEntry("1m", Duration.ofSeconds(30)).hasSize(8);
      assertThat(config.cache().sessionTtl()).isEqualTo(Duration.ofHours(24));
      assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void loadWithoutEnvironmentGivesTheSameDefaults() {
      MariposaConfig loaded = ConfigLoader.load(Map.of());
      assertThat(loaded.http()).isEqualTo(config.http());
      assertThat(loaded.roles()).isEqualTo(config.roles());
      assertThat(loaded.market()).isEqualTo(config.market());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Overrides: one good value for every variable of ConfigLoader.ENV

  static Stream<Arguments> overrides() {
    return Stream.of(
        override(env("HTTP_PORT", "9000"), c -> c.http().port(), 9000),
        override(env("HTTP_PORT", "0"), c -> c.http().port(), 0),
        override(env("HTTP_PORT", "65535"), c -> c.http().port(), 65535),
        override(env("HTTP_HOST", "127.0.0.1"), c -> c.http().host(), "127.0.0.1"),
        override(env("HTTP_HOST", "api.example.com"), c -> c.http().host(), "api.example.com"),
        override(env("INSTANCE_ID", "node-1.eu_west"), MariposaConfig::instanceId, "node-1.eu_west"),
        override(env("ROLES", "feed,http"), MariposaConfig::roles, EnumSet.of(Role.FEED, Role.HTTP)),
        override(env("ROLES", " Feed , HTTP ,feed"), MariposaConfig::roles, EnumSet.of(Role.FEED, Role.HTTP)),
        override(env("ROLES", "all"), MariposaConfig::roles, EnumSet.allOf(Role.class)),
        override(env("REDIS_URL", "redis://localhost:6380/2"), c -> c.redis().urls(), List.of(URI.create("redis://localhost:6380/2"))),
        override(env("REDIS_URL", "rediss://redis.example.com:6380"), c -> c.redis().embedded(), false),
        override(env("REDIS_PASSWORD", "pw-1"), c -> c.redis().password().reveal(), "pw-1"),
        override(env("REDIS_DB", "5"), c -> c.redis().db(), 5),
        override(env("REDIS_TIMEOUT", "250"), c -> c.redis().timeout(), Duration.ofMillis(250)),
        override(env("REDIS_RETRY_ATTEMPTS", "0"), c -> c.redis().retryAttempts(), 0),
        override(env("REDIS_MODE", "cluster", "REDIS_URL", "redis://a:7000,redis://b:7001"),
            c -> List.of(c.redis().mode(), c.redis().urls()),
            List.of(RedisMode.CLUSTER, List.of(URI.create("redis://a:7000"), URI.create("redis://b:7001")))),
        override(env("REDIS_MODE", "SENTINEL", "REDIS_URL", "redis://s1:26379"), c -> c.redis().mode(), RedisMode.SENTINEL),
        override(env("REDIS_MODE", "standalone"), c -> c.redis().mode(), RedisMode.STANDALONE),
        override(env("REDIS_KEY_PREFIX", "app:v2."), c -> c.redis().keyPrefix(), "app:v2."),
        override(env("MONGO_URL", "mongodb://u:p@mongo:27017/?replicaSet=rs0"),
            c -> c.mongo().url().map(Secret::reveal), Optional.of("mongodb://u:p@mongo:27017/?replicaSet=rs0")),
        override(env("MONGO_URL", "mongodb+srv://cluster0.example.net"), c -> c.mongo().embedded(), false),
        override(env("MONGO_DB", "mariposa_test-2"), c -> c.mongo().db(), "mariposa_test-2"),
        override(env("DATA_DIR", "/var/lib/mariposa"), MariposaConfig::dataDir, Path.of("/var/lib/mariposa")),
        override(env("BACKTEST_DATA_DIR", "/srv/recordings"), c -> c.backtests().dataDir(), Path.of("/srv/recordings")),
        override(env("SYMBOLS", "btcusdt, solusdt"), c -> c.market().symbols(), List.of("BTCUSDT", "SOLUSDT")),
        override(env("SYMBOLS", "ETHUSDT,ethusdt,BTCUSDT"), c -> c.market().symbols(), List.of("ETHUSDT", "BTCUSDT")),
        override(env("MARKET_SOURCE", "synthetic"), c -> c.market().source(), MarketSource.SYNTHETIC),
        override(env("MARKET_SOURCE", "Binance"), c -> c.market().source(), MarketSource.BINANCE),
        override(env("REPLAY_SPEED", "0"), c -> c.market().replaySpeed(), 0.0),
        override(env("REPLAY_SPEED", "2.5"), c -> c.market().replaySpeed(), 2.5),
        override(env("BINANCE_WS_URL", "ws://127.0.0.1:9001"), c -> c.market().binanceWsUrl(), URI.create("ws://127.0.0.1:9001")),
        override(env("BINANCE_REST_URL", "http://127.0.0.1:9002"), c -> c.market().binanceRestUrl(), URI.create("http://127.0.0.1:9002")),
        override(env("SWAP_SYMBOLS", "btcusdt, ETHUSDT,BTCUSDT"), c -> c.market().swaps().symbols(),
            List.of("BTCUSDT", "ETHUSDT")),
        override(env("OKX_WS_URL", "ws://127.0.0.1:9003/ws/v5/public"), c -> c.market().swaps().okxWsUrl(),
            URI.create("ws://127.0.0.1:9003/ws/v5/public")),
        override(env("EXCHANGE", "paper"), c -> c.exchange().kind(), ExchangeKind.PAPER),
        override(env("OKX_REST_URL", "http://127.0.0.1:9003"), c -> c.exchange().okx().restUrl(), URI.create("http://127.0.0.1:9003")),
        override(env("OKX_API_KEY", "k"), c -> c.exchange().okx().apiKey().map(Secret::reveal), Optional.of("k")),
        override(env("OKX_API_SECRET", "s"), c -> c.exchange().okx().apiSecret().map(Secret::reveal), Optional.of("s")),
        override(env("OKX_PASSPHRASE", "p"), c -> c.exchange().okx().passphrase().map(Secret::reveal), Optional.of("p")),
        override(env("OKX_SIMULATED", "false"), c -> c.exchange().okx().simulated(), false),
        override(env("OKX_SIMULATED", "FALSE"), c -> c.exchange().okx().simulated(), false),
        override(env("OKX_SIMULATED", "0"), c -> c.exchange().okx().simulated(), false),
        override(env("OKX_SIMULATED", "yes"), c -> c.exchange().okx().simulated(), true),
        override(env("AI_BASE_URL", "http://127.0.0.1:9004/v1", "AI_MODELS", "gpt-4o-mini, llama3.1:8b"),
            c -> List.of(c.ai().enabled(), c.ai().baseUrl(), c.ai().models()),
            List.of(true, Optional.of(URI.create("http://127.0.0.1:9004/v1")), List.of("gpt-4o-mini", "llama3.1:8b"))),
        override(env("AI_MODELS", "m1"), c -> c.ai().enabled(), false),
        override(env(), c -> List.of(c.tcpBridge().enabled(), c.tcpBridge().host()), List.of(false, "127.0.0.1")),
        override(env("TCP_BRIDGE_PORT", "7000", "TCP_BRIDGE_HOST", "0.0.0.0"),
            c -> List.of(c.tcpBridge().port(), c.tcpBridge().host()), List.of(Optional.of(7000), "0.0.0.0")),
        override(env("AI_API_KEY", "sk-1"), c -> c.ai().apiKey().map(Secret::reveal), Optional.of("sk-1")),
        override(env("API_TOKENS", TOKEN_A + "," + TOKEN_B),
            c -> List.of(c.api().mutationsEnabled(), c.api().tokens().size(),
                c.api().tokens().get(0).matches(TOKEN_A), c.api().tokens().get(1).matches(TOKEN_B)),
            List.of(true, 2, true, true)),
        override(env("CORS_ORIGINS", "https://desk.example.com, http://127.0.0.1:5173"),
            c -> c.http().allowedOrigins(), List.of("https://desk.example.com", "http://127.0.0.1:5173")),
        override(env(), c -> c.notifications().enabled(), false),
        override(env("TELEGRAM_BOT_TOKEN", "123456:ABCdefGHIjklMNOpqrSTUvwx", "TELEGRAM_CHAT_IDS", "42, -1001234",
                "TELEGRAM_API_URL", "http://127.0.0.1:9005"),
            c -> List.of(c.notifications().telegram().enabled(), c.notifications().telegram().chatIds(),
                c.notifications().telegram().apiUrl().toString(),
                c.notifications().telegram().botToken().map(Secret::reveal).orElseThrow()),
            List.of(true, List.of(42L, -1001234L), "http://127.0.0.1:9005", "123456:ABCdefGHIjklMNOpqrSTUvwx")),
        override(env("WEBHOOK_URLS", "https://hooks.slack.com/services/T0/B0/x, https://discord.com/api/webhooks/1/y",
                "NOTIFY_DAILY_SUMMARY_UTC", "21:30"),
            c -> List.of(c.notifications().enabled(), c.notifications().webhookUrls().size(),
                c.notifications().webhookUrls().get(1).reveal(), c.notifications().dailySummaryUtc().orElseThrow().toString()),
            List.of(true, 2, "https://discord.com/api/webhooks/1/y", "21:30")));
  }

  private static Arguments override(Map<String, String> env, Function<MariposaConfig, Object> read, Object expected) {
    return arguments(env, read, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overrides")
  void environmentOverrides(Map<String, String> env, Function<MariposaConfig, Object> read, Object expected) {
    assertThat(read.apply(config(env))).isEqualTo(expected);
  }

  @Test
  void everyEnvironmentVariableHasAnOverrideCase() {
    Set<String> covered = new HashSet<>();
    overrides().forEach(a -> {
      @SuppressWarnings("unchecked")
      Map<String, String> env = (Map<String, String>) a.get()[0];
      covered.addAll(env.keySet());
    });
    covered.addAll(Set.of("MARKET_SOURCE", "REPLAY_FILES", "EXCHANGE")); // replay and okx tests below
    assertThat(covered).containsAll(ConfigLoader.ENV.keySet());
  }

  @Test
  void replayFromAFile(@TempDir Path dir) throws IOException {
    Path a = Files.writeString(dir.resolve("BTCUSDT-1m-2024-01.csv"),
        "1704067200000,42000,42100,41900,42050,12,1704067259999,504600,100,6,252300,0\n");
    Path b = Files.writeString(dir.resolve("stream.jsonl"),
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1704067200000,\"s\":\"BTCUSDT\"}}\n");
    MariposaConfig config = config(Map.of(
        "MARKET_SOURCE", "replay",
        "REPLAY_FILES", a + " , " + b,
        "REPLAY_SPEED", "0"));
    assertThat(config.market().source()).isEqualTo(MarketSource.REPLAY);
    assertThat(config.market().replayFiles()).containsExactly(a, b);
    assertThat(config.market().replaySpeed()).isZero();
  }

  @Test
  void okxWithAllThreeSecrets() {
    MariposaConfig config = config(Map.of(
        "EXCHANGE", "okx",
        "OKX_API_KEY", "key-1",
        "OKX_API_SECRET", "secret-1",
        "OKX_PASSPHRASE", "pass-1",
        "OKX_SIMULATED", "false"));
    MariposaConfig.Okx okx = config.exchange().okx();
    assertThat(config.exchange().kind()).isEqualTo(ExchangeKind.OKX);
    assertThat(okx.apiKey().orElseThrow().reveal()).isEqualTo("key-1");
    assertThat(okx.apiSecret().orElseThrow().reveal()).isEqualTo("secret-1");
    assertThat(okx.passphrase().orElseThrow().reveal()).isEqualTo("pass-1");
    assertThat(okx.simulated()).isFalse();
  }

  @Test
  void environmentValuesAreTrimmed() {
    MariposaConfig config = config(Map.of("HTTP_PORT", " 9000 ", "EXCHANGE", " paper\t", "INSTANCE_ID", "  n1  "));
    assertThat(config.http().port()).isEqualTo(9000);
    assertThat(config.exchange().kind()).isEqualTo(ExchangeKind.PAPER);
    assertThat(config.instanceId()).isEqualTo("n1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"debug", "Warn", " ERROR ", "off", "TRACE", "info"})
  void logLevelsInAnyCase(String level) {
    assertThat(config(Map.of("MARIPOSA_LOG_LEVEL", level))).isNotNull();
    assertThat(LogLevel.of(Map.of("MARIPOSA_LOG_LEVEL", level))).contains(level.trim().toUpperCase());
  }

  /** Logback would make a blank level DEBUG: Main hands it INFO instead. */
  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void blankLogLevelIsInfo(String blank) {
    assertThat(LogLevel.of(Map.of("MARIPOSA_LOG_LEVEL", blank))).contains("INFO");
    assertThat(LogLevel.of(Map.of())).contains("INFO");
  }

  @Test
  void otherVariablesAreIgnored() {
    MariposaConfig config = config(Map.of("PATH", "/bin", "http.port", "1", "HTTP_PORTS", "1"));
    assertThat(config.http().port()).isEqualTo(8080);
  }

  // ---------------------------------------------------------------------------------------------
  // Blank values

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "\t", " \n "})
  void blankValuesAreIgnored(String blank) {
    Map<String, String> env = new HashMap<>();
    ConfigLoader.ENV.keySet().forEach(var -> env.put(var, blank));
    MariposaConfig config = ConfigLoader.from(ConfigLoader.defaults(), env);
    MariposaConfig defaults = ConfigLoader.from(ConfigLoader.defaults(), Map.of());
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.roles()).isEqualTo(EnumSet.allOf(Role.class));
    assertThat(config.redis().embedded()).isTrue();
    assertThat(config.market()).isEqualTo(defaults.market());
    assertThat(config.exchange().kind()).isEqualTo(ExchangeKind.PAPER);
    assertThat(config.api().mutationsEnabled()).isFalse();
  }

  @Test
  void blankPortKeeps8080() {
    assertThat(config(Map.of("HTTP_PORT", "  ")).http().port()).isEqualTo(8080);
  }

  // ---------------------------------------------------------------------------------------------
  // Bad values: one line, names the variable, says what is allowed

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(env("HTTP_PORT", "abc"), "HTTP_PORT", "HTTP_PORT=abc", "a whole number from 0 to 65535"),
        bad(env("HTTP_PORT", "65536"), "HTTP_PORT", "HTTP_PORT=65536", "a whole number from 0 to 65535"),
        bad(env("HTTP_PORT", "-1"), "HTTP_PORT", "HTTP_PORT=-1", "a whole number from 0 to 65535"),
        bad(env("HTTP_PORT", "8080.5"), "HTTP_PORT", "8080.5", "a whole number from 0 to 65535"),
        bad(env("HTTP_PORT", "99999999999999999999"), "HTTP_PORT", "99999999999999999999", "0 to 65535"),
        bad(env("HTTP_HOST", "bad host!"), "HTTP_HOST", "bad host!", "a host name or IP address"),
        bad(env("INSTANCE_ID", "my instance"), "INSTANCE_ID", "my instance", "1 to 64 letters, digits"),
        bad(env("INSTANCE_ID", "x".repeat(65)), "INSTANCE_ID", "x".repeat(65), "1 to 64"),
        bad(env("ROLES", "feed,bogus"), "ROLES", "ROLES=bogus", "all, feed, analysis, signal, trade, session, metrics, jobs, http"),
        bad(env("ROLES", ","), "ROLES", "ROLES", "all, feed"),
        bad(env("REDIS_MODE", "replica"), "REDIS_MODE", "REDIS_MODE=replica", "one of standalone, cluster, sentinel"),
        bad(env("REDIS_MODE", "cluster"), "REDIS_MODE", "REDIS_MODE=cluster", "REDIS_URL"),
        bad(env("REDIS_MODE", "sentinel"), "REDIS_MODE", "REDIS_MODE=sentinel", "REDIS_URL"),
        bad(env("REDIS_URL", "http://localhost:6379"), "REDIS_URL", "REDIS_URL", "redis:// or rediss://"),
        bad(env("REDIS_URL", "localhost:6379"), "REDIS_URL", "REDIS_URL", "redis:// or rediss://"),
        bad(env("REDIS_URL", "redis://ok:6379,ftp://no"), "REDIS_URL", "REDIS_URL", "redis://"),
        bad(env("REDIS_DB", "-1"), "REDIS_DB", "REDIS_DB=-1", "a whole number from 0 to 1023"),
        bad(env("REDIS_DB", "1024"), "REDIS_DB", "REDIS_DB=1024", "0 to 1023"),
        bad(env("REDIS_TIMEOUT", "0"), "REDIS_TIMEOUT", "REDIS_TIMEOUT=0", "a whole number from 1 to 86400000"),
        bad(env("REDIS_TIMEOUT", "5s"), "REDIS_TIMEOUT", "REDIS_TIMEOUT=5s", "a whole number from 1"),
        bad(env("REDIS_RETRY_ATTEMPTS", "abc"), "REDIS_RETRY_ATTEMPTS", "REDIS_RETRY_ATTEMPTS=abc", "a whole number from 0 to 100"),
        bad(env("REDIS_KEY_PREFIX", "app:*"), "REDIS_KEY_PREFIX", "app:*", "no glob characters"),
        bad(env("REDIS_KEY_PREFIX", "a b:"), "REDIS_KEY_PREFIX", "a b:", "letters, digits"),
        bad(env("REDIS_KEY_PREFIX", "{app}:"), "REDIS_KEY_PREFIX", "{app}:", "no braces"),
        bad(env("MONGO_URL", "http://localhost:27017"), "MONGO_URL", "MONGO_URL", "mongodb:// or mongodb+srv://"),
        bad(env("MONGO_DB", "my db"), "MONGO_DB", "MONGO_DB=my db", "1 to 63 letters, digits, '_' or '-'"),
        bad(env("MONGO_DB", "my$db"), "MONGO_DB", "MONGO_DB=my$db", "1 to 63 letters"),
        bad(env("MONGO_DB", "a.b"), "MONGO_DB", "MONGO_DB=a.b", "1 to 63 letters"),
        bad(env("SYMBOLS", "BTC-USDT"), "SYMBOLS", "SYMBOLS=BTC-USDT", "such as BTCUSDT"),
        bad(env("SYMBOLS", "x"), "SYMBOLS", "SYMBOLS=x", "2 to 20 letters or digits"),
        bad(env("SYMBOLS", ", ,"), "SYMBOLS", "SYMBOLS", "at least one symbol"),
        bad(env("MARKET_SOURCE", "foo"), "MARKET_SOURCE", "MARKET_SOURCE=foo", "one of binance, replay, synthetic"),
        bad(env("MARKET_SOURCE", "replay"), "REPLAY_FILES", "REPLAY_FILES", "at least one file when MARKET_SOURCE=replay"),
        bad(env("REPLAY_FILES", "/no/such/dir/klines.csv"), "REPLAY_FILES", "/no/such/dir/klines.csv", "readable files"),
        bad(env("REPLAY_SPEED", "-1"), "REPLAY_SPEED", "REPLAY_SPEED=-1", "a number from 0"),
        bad(env("REPLAY_SPEED", "fast"), "REPLAY_SPEED", "REPLAY_SPEED=fast", "a number from 0"),
        bad(env("REPLAY_SPEED", "NaN"), "REPLAY_SPEED", "REPLAY_SPEED=NaN", "a number from 0"),
        bad(env("REPLAY_SPEED", "Infinity"), "REPLAY_SPEED", "REPLAY_SPEED=Infinity", "a number from 0"),
        bad(env("BINANCE_WS_URL", "http://stream.binance.com"), "BINANCE_WS_URL", "http://stream.binance.com", "ws:// or wss://"),
        bad(env("BINANCE_WS_URL", "wss://"), "BINANCE_WS_URL", "BINANCE_WS_URL", "ws:// or wss://"),
        bad(env("BINANCE_REST_URL", "ftp://api.binance.com"), "BINANCE_REST_URL", "ftp://api.binance.com", "http:// or https://"),
        bad(env("SWAP_SYMBOLS", "BTC-USDT-SWAP"), "SWAP_SYMBOLS", "SWAP_SYMBOLS=BTC-USDT-SWAP", "such as BTCUSDT"),
        bad(env("SWAP_SYMBOLS", "BTCXYZ"), "SWAP_SYMBOLS", "SWAP_SYMBOLS=BTCXYZ", "ending in a quote asset OKX lists"),
        bad(env("OKX_WS_URL", "https://ws.okx.com"), "OKX_WS_URL", "https://ws.okx.com", "ws:// or wss://"),
        bad(env("EXCHANGE", "kraken"), "EXCHANGE", "EXCHANGE=kraken", "one of paper, okx"),
        bad(env("OKX_REST_URL", "ws://www.okx.com"), "OKX_REST_URL", "OKX_REST_URL", "http:// or https://"),
        bad(env("OKX_SIMULATED", "maybe"), "OKX_SIMULATED", "OKX_SIMULATED=maybe", "true or false"),
        bad(env("AI_BASE_URL", "https://llm.example.com/v1"), "AI_MODELS", "AI_MODELS", "at least one model name when AI_BASE_URL is set"),
        bad(env("AI_BASE_URL", "ftp://llm", "AI_MODELS", "m"), "AI_BASE_URL", "AI_BASE_URL", "http:// or https://"),
        bad(env("AI_MODELS", "gpt 4"), "AI_MODELS", "AI_MODELS=gpt 4", "model names"),
        bad(env("TCP_BRIDGE_HOST", "bad host!"), "TCP_BRIDGE_HOST", "TCP_BRIDGE_HOST=bad host!", "a host name or IP address"),
        bad(env("TCP_BRIDGE_PORT", "70000"), "TCP_BRIDGE_PORT", "TCP_BRIDGE_PORT=70000", "a whole number from 0 to 65535"),
        bad(env("API_TOKENS", "short"), "API_TOKENS", "API_TOKENS", "at least 16 printable characters"),
        bad(env("API_TOKENS", TOKEN_A + ",has a space in it ok"), "API_TOKENS", "API_TOKENS", "without spaces"),
        bad(env("CORS_ORIGINS", "desk.example.com"), "CORS_ORIGINS", "CORS_ORIGINS=desk.example.com", "origins such as"),
        bad(env("DATA_DIR", "/dev/null"), "DATA_DIR", "DATA_DIR=/dev/null", "a directory"),
        bad(env("BACKTEST_DATA_DIR", "/dev/null"), "BACKTEST_DATA_DIR", "BACKTEST_DATA_DIR=/dev/null", "a directory"),
        bad(env("MARIPOSA_LOG_LEVEL", "LOUD"), "MARIPOSA_LOG_LEVEL", "MARIPOSA_LOG_LEVEL=LOUD",
            "one of TRACE, DEBUG, INFO, WARN, ERROR, OFF (any case)"),
        bad(env("MARIPOSA_LOG_LEVEL", "verbose"), "MARIPOSA_LOG_LEVEL", "MARIPOSA_LOG_LEVEL=verbose", "one of TRACE"),
        bad(env("TELEGRAM_CHAT_IDS", "@mychannel", "TELEGRAM_BOT_TOKEN", "1:abcdefghijklmnopqrstuvwxyz"),
            "TELEGRAM_CHAT_IDS", "TELEGRAM_CHAT_IDS=@mychannel", "Telegram chat ids"),
        bad(env("TELEGRAM_CHAT_IDS", "42"), "TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_TOKEN", "a bot token when TELEGRAM_CHAT_IDS is set"),
        bad(env("TELEGRAM_API_URL", "api.telegram.org"), "TELEGRAM_API_URL", "TELEGRAM_API_URL=api.telegram.org", "http:// or https://"),
        bad(env("TELEGRAM_BOT_TOKEN", "not-a-token-at-all", "TELEGRAM_CHAT_IDS", "42"), "TELEGRAM_BOT_TOKEN",
            "TELEGRAM_BOT_TOKEN=<hidden>", "a bot token from @BotFather"),
        bad(env("WEBHOOK_URLS", "hooks.slack.com/services/T0/B0/secret"), "WEBHOOK_URLS", "WEBHOOK_URLS=<hidden>",
            "http:// or https:// URLs"),
        bad(env("NOTIFY_DAILY_SUMMARY_UTC", "9pm"), "NOTIFY_DAILY_SUMMARY_UTC", "NOTIFY_DAILY_SUMMARY_UTC=9pm", "HH:MM"));
  }

  private static Arguments bad(Map<String, String> env, String variable, String shown, String allowed) {
    return arguments(env, variable, shown, allowed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void badValueIsOneLineNamingTheVariableAndWhatIsAllowed(Map<String, String> env, String variable, String shown, String allowed) {
    String message = error(env);
    assertThat(message).contains(variable).contains(shown).contains(" is invalid: expected ").contains(allowed);
  }

  /** Variables any value of which is valid say so in the table; VERTX_CONFIG_PATH is read by load() (tests below). */
  @Test
  void everyVariableWithRulesHasABadValueCase() {
    Set<String> covered = new HashSet<>();
    badValues().forEach(a -> covered.add((String) a.get()[1]));
    Set<String> expected = new HashSet<>();
    Variables.ALL.stream().filter(v -> !v.anyValue()).forEach(v -> expected.add(v.name()));
    expected.remove(Variables.VERTX_CONFIG_PATH);
    assertThat(covered).containsAll(expected);
  }

  @Test
  void okxWithoutKeysNamesEachMissingKey() {
    String message = error(Map.of("EXCHANGE", "okx"));
    assertThat(message).contains("OKX_API_KEY", "OKX_API_SECRET", "OKX_PASSPHRASE", "EXCHANGE=okx");
  }

  @Test
  void okxWithOnlySomeKeysNamesTheMissingOnes() {
    String message = error(Map.of("EXCHANGE", "okx", "OKX_API_KEY", "k", "OKX_PASSPHRASE", "p"));
    assertThat(message).contains("OKX_API_SECRET").doesNotContain("OKX_API_KEY").doesNotContain("OKX_PASSPHRASE");
  }

  @Test
  void valueWithALineBreakIsStillReportedOnOneLine() {
    String message = error(Map.of("HTTP_HOST", "evil\nhost", "SYMBOLS", "BTC\r\nUSDT", "MONGO_DB", "a\u2028b"));
    assertThat(message).contains("HTTP_HOST=evil\\nhost", "SYMBOLS=BTC\\r\\nUSDT", "MONGO_DB=a\\u2028b")
        .doesNotContain("\u2028");
  }

  @Test
  void errorsFromAConfigFileNameTheSettingAndItsVariable() {
    var json = ConfigLoader.defaults();
    json.getJsonObject("http").put("port", 70000);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.from(json, Map.of()));
    assertThat(checkedMessage(e)).contains("http.port", "HTTP_PORT", "70000", "0 to 65535");
  }

  @Test
  void errorsInSettingsWithoutAVariableNameTheSetting() {
    var json = ConfigLoader.defaults();
    json.getJsonObject("cache").put("tickerTtlMs", 0);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.from(json, Map.of()));
    assertThat(checkedMessage(e)).contains("cache.tickerTtlMs");
  }

  // ---------------------------------------------------------------------------------------------
  // Several errors at once

  @Test
  void severalBadValuesAreReportedTogetherOnOneLine() {
    String message = error(Map.of("HTTP_PORT", "x", "REDIS_MODE", "y"));
    assertThat(message).contains("HTTP_PORT=x", "REDIS_MODE=y");
    assertThat(message.indexOf(PREFIX, 1)).as("one prefix").isEqualTo(-1);
  }

  @Test
  void manyBadValuesAreAllReported() {
    Map<String, String> env = Map.of(
        "HTTP_PORT", "x",
        "ROLES", "nope",
        "REDIS_DB", "-3",
        "MONGO_DB", "a b",
        "SYMBOLS", "x",
        "MARKET_SOURCE", "foo",
        "EXCHANGE", "okx",
        "OKX_SIMULATED", "maybe",
        "API_TOKENS", "short",
        "INSTANCE_ID", "has space");
    String message = error(env);
    assertThat(message).contains("HTTP_PORT", "ROLES", "REDIS_DB", "MONGO_DB", "SYMBOLS", "MARKET_SOURCE",
        "OKX_API_KEY", "OKX_SIMULATED", "API_TOKENS", "INSTANCE_ID");
  }

  // ---------------------------------------------------------------------------------------------
  // Secrets

  @Test
  void invalidRedisUrlIsNotEchoed() {
    String message = error(Map.of("REDIS_URL", "redis://user:s3cretpass@:bad"));
    assertThat(message).contains("REDIS_URL").doesNotContain("s3cret").doesNotContain("user:");
  }

  @Test
  void invalidMongoUrlIsNotEchoed() {
    String message = error(Map.of("MONGO_URL", "http://u:s3cretpass@h"));
    assertThat(message).contains("MONGO_URL").doesNotContain("s3cret");
  }

  @Test
  void invalidApiTokenIsNotEchoed() {
    String message = error(Map.of("API_TOKENS", "short-s3cret"));
    assertThat(message).contains("API_TOKENS").doesNotContain("s3cret");
  }

  @Test
  void secretsAreNotEchoedEvenAmongOtherErrors() {
    String message = error(Map.of(
        "REDIS_URL", "redis://user:s3cretpass@:bad",
        "MONGO_URL", "http://u:s3cretpass@h",
        "API_TOKENS", "short-s3cret," + TOKEN_A,
        "HTTP_PORT", "x",
        "EXCHANGE", "okx",
        "OKX_API_KEY", "s3cret-key",
        "REDIS_PASSWORD", "s3cret-pw",
        "AI_API_KEY", "s3cret-ai"));
    assertThat(message).contains("REDIS_URL", "MONGO_URL", "API_TOKENS", "HTTP_PORT", "OKX_API_SECRET")
        .doesNotContain("s3cret");
  }

  @Test
  void secretToStringIsMasked() {
    assertThat(Secret.of("s3cret").toString()).isEqualTo("****");
    assertThat(String.valueOf(Optional.of(Secret.of("s3cret")))).doesNotContain("s3cret");
  }

  @Test
  void configToStringShowsNoSecret() {
    MariposaConfig config = config(Map.of(
        "EXCHANGE", "okx",
        "OKX_API_KEY", "s3cret-okx-key",
        "OKX_API_SECRET", "s3cret-okx-secret",
        "OKX_PASSPHRASE", "s3cret-okx-pass",
        "API_TOKENS", "s3cret-api-token-0123456789",
        "REDIS_PASSWORD", "s3cret-redis-pw",
        "MONGO_URL", "mongodb://user:s3cret-mongo@mongo:27017",
        "AI_BASE_URL", "https://llm.example.com/v1",
        "AI_MODELS", "m",
        "AI_API_KEY", "s3cret-ai-key"));
    assertThat(config.toString()).doesNotContain("s3cret").contains("****").contains("llm.example.com");
    assertThat(config.exchange().okx().apiSecret().orElseThrow().reveal()).isEqualTo("s3cret-okx-secret");
  }

  @Test
  void redisPasswordInsideRedisUrlIsNotPrinted() {
    MariposaConfig config = config(Map.of("REDIS_URL", "redis://default:s3cret-in-url@redis.example.com:6379/1"));
    assertThat(config.redis().urls()).containsExactly(URI.create("redis://default:s3cret-in-url@redis.example.com:6379/1"));
    assertThat(config.redis().toString()).doesNotContain("s3cret").contains("redis.example.com:6379/1");
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void redisUrlsArePrintedWithoutTheirPassword() {
    assertThat(MariposaConfig.Redis.withoutPassword(URI.create("redis://u:pw@h:1/2"))).isEqualTo("redis://u:****@h:1/2");
    assertThat(MariposaConfig.Redis.withoutPassword(URI.create("rediss://:pw@h"))).isEqualTo("rediss://:****@h");
    assertThat(MariposaConfig.Redis.withoutPassword(URI.create("redis://pw@h:6379"))).isEqualTo("redis://****@h:6379");
    assertThat(MariposaConfig.Redis.withoutPassword(URI.create("redis://h:6379/0"))).isEqualTo("redis://h:6379/0");
  }

  @Test
  void secretMatches() {
    Secret secret = Secret.of(TOKEN_A);
    assertThat(secret.matches(TOKEN_A)).isTrue();
    assertThat(secret.matches(new String(TOKEN_A.toCharArray()))).isTrue();
    assertThat(secret.matches(TOKEN_B)).isFalse();
    assertThat(secret.matches(TOKEN_A + "x")).isFalse();
    assertThat(secret.matches(TOKEN_A.substring(1))).isFalse();
    assertThat(secret.matches("")).isFalse();
    assertThat(secret.matches(null)).isFalse();
    assertThat(secret.reveal()).isEqualTo(TOKEN_A);
  }

  // ---------------------------------------------------------------------------------------------
  // ConfigLoader.load: the VERTX_CONFIG_PATH file between the defaults and the environment

  @Test
  void configFileIsApplied(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("config.json"), "{\"http\":{\"port\":9100},\"market\":{\"symbols\":[\"solusdt\"]}}");
    MariposaConfig config = ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", file.toString()));
    assertThat(config.http().port()).isEqualTo(9100);
    assertThat(config.http().host()).as("merged, not replaced").isEqualTo("0.0.0.0");
    assertThat(config.market().symbols()).containsExactly("SOLUSDT");
    assertThat(config.redis().keyPrefix()).isEqualTo("mariposa:");
  }

  @Test
  void environmentWinsOverConfigFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("config.json"), "{\"http\":{\"port\":9100,\"host\":\"127.0.0.1\"}}");
    MariposaConfig config = ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", file.toString(), "HTTP_PORT", "9200"));
    assertThat(config.http().port()).isEqualTo(9200);
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void paperFeesAreExactFractionsOfAtMostOnePercent(@TempDir Path dir) throws IOException {
    MariposaConfig defaults = config(Map.of());
    assertThat(defaults.exchange().paper().makerFee()).isEqualTo(new BigDecimal("0.001"));
    assertThat(defaults.exchange().paper().takerFee()).isEqualTo(new BigDecimal("0.001"));

    Path okx = Files.writeString(dir.resolve("okx.json"),
        "{\"exchange\":{\"paper\":{\"makerFee\":0.0008,\"takerFee\":0.001}}}");
    assertThat(ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", okx.toString())).exchange().paper().makerFee())
        .isEqualTo(new BigDecimal("0.0008"));

    Path percent = Files.writeString(dir.resolve("percent.json"), "{\"exchange\":{\"paper\":{\"takerFee\":0.1}}}");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", percent.toString())))
        .hasMessageContaining("exchange.paper.takerFee");
  }

  @Test
  void thePaperVenuesLatencyIsNoneByDefaultAndAtMostTenSeconds(@TempDir Path dir) throws IOException {
    MariposaConfig defaults = config(Map.of());
    assertThat(defaults.exchange().paper().latencyMs()).isZero();
    assertThat(defaults.exchange().paper().latencyJitterMs()).isZero();

    Path slow = Files.writeString(dir.resolve("slow.json"),
        "{\"exchange\":{\"paper\":{\"latencyMs\":20,\"latencyJitterMs\":10}}}");
    MariposaConfig.Paper paper = ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", slow.toString())).exchange().paper();
    assertThat(paper.latencyMs()).isEqualTo(20);
    assertThat(paper.latencyJitterMs()).isEqualTo(10);

    Path negative = Files.writeString(dir.resolve("negative.json"), "{\"exchange\":{\"paper\":{\"latencyJitterMs\":-1}}}");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", negative.toString())))
        .hasMessageContaining("exchange.paper.latencyJitterMs");
  }

  @Test
  void blankEnvironmentValueKeepsConfigFileValue(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("config.json"), "{\"http\":{\"port\":9100}}");
    MariposaConfig config = ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", file.toString(), "HTTP_PORT", " "));
    assertThat(config.http().port()).isEqualTo(9100);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"http\": {\"port\": 9100,,}}", "{ not json", "[1, 2]", "null", "", "{\"http\":\n{\"port\":\n"})
  void invalidConfigFileIsAClearError(String content, @TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("broken.json"), content);
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", file.toString())));
    assertThat(e).isNotNull();
    assertThat(checkedMessage(e)).contains("VERTX_CONFIG_PATH").contains(file.toString()).contains("expected a JSON object");
  }

  @Test
  void configFileErrorsSayWhatWasFound(@TempDir Path dir) throws IOException {
    Path array = Files.writeString(dir.resolve("array.json"), "[1, 2]");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\n  \"http\": {\"port\": 9100,,}\n}");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", array.toString())))
        .hasMessageContaining("found an array");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", broken.toString())))
        .hasMessageContaining("malformed JSON at line 2");
  }

  @Test
  void invalidConfigFileDoesNotEchoItsContent(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("broken.json"), "{\"redis\": {\"password\": s3cret-unquoted}}");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", file.toString())));
    assertThat(checkedMessage(e)).doesNotContain("s3cret").contains("line 1");
  }

  @Test
  void missingConfigFileNamedByVertxConfigPathIsAnError(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", missing.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(PREFIX)
        .hasMessageContaining("VERTX_CONFIG_PATH")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void blankVertxConfigPathUsesTheDefaultFile() {
    assertThat(ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", "  ")).http().port()).isEqualTo(8080);
  }

  @Test
  void badValueInConfigFileIsReported(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("config.json"), "{\"redis\":{\"mode\":\"ring\"}}");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", file.toString())));
    assertThat(checkedMessage(e)).contains("redis.mode", "REDIS_MODE", "ring", "standalone, cluster, sentinel");
  }

  @Test
  void environmentFixesABadConfigFileValue(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("config.json"), "{\"redis\":{\"mode\":\"ring\"}}");
    MariposaConfig config = ConfigLoader.load(Map.of("VERTX_CONFIG_PATH", file.toString(), "REDIS_MODE", "standalone"));
    assertThat(config.redis().mode()).isEqualTo(RedisMode.STANDALONE);
  }

  @Test
  void defaultsAreAFreshCopyEachTime() {
    ConfigLoader.defaults().getJsonObject("http").put("port", 1);
    assertThat(ConfigLoader.defaults().getJsonObject("http").getInteger("port")).isEqualTo(8080);
    var json = ConfigLoader.defaults();
    ConfigLoader.from(json, Map.of("HTTP_PORT", "9000"));
    assertThat(json.getJsonObject("http").getInteger("port")).as("from() does not modify its input").isEqualTo(8080);
  }
}
