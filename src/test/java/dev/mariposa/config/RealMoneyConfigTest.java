package dev.mariposa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mariposa.config.MariposaConfig.ExchangeKind;
import dev.mariposa.config.MariposaConfig.MarketSource;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real money (OKX with simulated=false) on prices no venue quotes (MARKET_SOURCE synthetic or
 * replay) stops startup with one line naming the settings, however they were given. Demo trading
 * and paper stay allowed on any source, and real money on Binance's live feed.
 */
class RealMoneyConfigTest {
  private static final Map<String, String> OKX_KEYS = Map.of("OKX_API_KEY", "key-1", "OKX_API_SECRET", "secret-1",
      "OKX_PASSPHRASE", "pass-1");

  @TempDir
  Path dir;

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(OKX_KEYS);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static String error(JsonObject json, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.from(json, env));
    assertThat(e).as("refused: %s", env.keySet()).isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n");
    return e.getMessage();
  }

  private Path replayFile() throws IOException {
    return Files.writeString(dir.resolve("BTCUSDT-1m-2024-09-21.csv"),
        "1726876800000,63201.05,63201.06,63186.00,63196.00,10.911,1726876859999,689505.83,2464,6.949,439120.77,0\n");
  }

  @Test
  void realMoneyOnSyntheticPricesIsOneLineNamingTheVariables() {
    assertThat(error(ConfigLoader.defaults(), env("EXCHANGE", "okx", "OKX_SIMULATED", "false", "MARKET_SOURCE", "synthetic")))
        .isEqualTo("Invalid configuration: EXCHANGE=okx with OKX_SIMULATED=false trades real money, and "
            + "MARKET_SOURCE=synthetic is not live venue prices: use MARKET_SOURCE=binance, or OKX_SIMULATED=true for "
            + "demo trading");
  }

  @Test
  void realMoneyOnReplayedPricesIsRefusedToo() throws IOException {
    assertThat(error(ConfigLoader.defaults(), env("EXCHANGE", "OKX", "OKX_SIMULATED", "0", "MARKET_SOURCE", "replay",
        "REPLAY_FILES", replayFile().toString())))
        .isEqualTo("Invalid configuration: EXCHANGE=OKX with OKX_SIMULATED=0 trades real money, and "
            + "MARKET_SOURCE=replay is not live venue prices: use MARKET_SOURCE=binance, or OKX_SIMULATED=true for "
            + "demo trading");
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "FALSE", "0", "no", "off"})
  void everySpellingOfFalseIsRealMoney(String notSimulated) {
    assertThat(error(ConfigLoader.defaults(), env("EXCHANGE", "okx", "OKX_SIMULATED", notSimulated,
        "MARKET_SOURCE", "synthetic"))).contains("OKX_SIMULATED=" + notSimulated + " trades real money");
  }

  @Test
  void fromTheConfigFileTheLineNamesTheKeysAndTheirVariables() {
    JsonObject json = ConfigLoader.defaults();
    json.getJsonObject("exchange").put("name", "okx");
    json.getJsonObject("exchange").getJsonObject("okx").put("simulated", false);
    json.getJsonObject("market").put("source", "synthetic");
    assertThat(error(json, OKX_KEYS)).isEqualTo("Invalid configuration: EXCHANGE (config exchange.name)=okx with "
        + "OKX_SIMULATED (config exchange.okx.simulated)=false trades real money, and MARKET_SOURCE (config "
        + "market.source)=synthetic is not live venue prices: use MARKET_SOURCE=binance, or OKX_SIMULATED=true for "
        + "demo trading");
  }

  @Test
  void aFileAndTheEnvironmentTogether() throws IOException {
    Path file = Files.writeString(dir.resolve("config.json"),
        "{\"exchange\":{\"name\":\"okx\",\"okx\":{\"simulated\":false}}}");
    Map<String, String> env = env("VERTX_CONFIG_PATH", file.toString(), "MARKET_SOURCE", "synthetic");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env));
    assertThat(e.getMessage()).contains("EXCHANGE (config exchange.name)=okx with OKX_SIMULATED (config "
        + "exchange.okx.simulated)=false trades real money, and MARKET_SOURCE=synthetic is not live venue prices");
  }

  @Test
  void withOtherErrorsItIsStillOneLine() {
    String message = error(ConfigLoader.defaults(), env("EXCHANGE", "okx", "OKX_SIMULATED", "false",
        "MARKET_SOURCE", "synthetic", "HTTP_PORT", "x"));
    assertThat(message).contains("HTTP_PORT=x", "trades real money");
    assertThat(message.indexOf("Invalid configuration:", 1)).isEqualTo(-1);
  }

  @Test
  void realMoneyOnTheLiveFeedIsAllowed() {
    MariposaConfig config = ConfigLoader.from(ConfigLoader.defaults(), env("EXCHANGE", "okx", "OKX_SIMULATED", "false",
        "MARKET_SOURCE", "binance"));
    assertThat(config.exchange().kind()).isEqualTo(ExchangeKind.OKX);
    assertThat(config.exchange().okx().simulated()).isFalse();
  }

  @Test
  void demoTradingAndPaperAreAllowedOnAnySource() throws IOException {
    for (String source : new String[] {"synthetic", "replay", "binance"}) {
      Map<String, String> demo = env("EXCHANGE", "okx", "OKX_SIMULATED", "true", "MARKET_SOURCE", source,
          "REPLAY_FILES", replayFile().toString());
      assertThat(ConfigLoader.from(ConfigLoader.defaults(), demo).market().source())
          .isEqualTo(MarketSource.valueOf(source.toUpperCase()));
      // OKX_SIMULATED=false alone is no real money: nothing trades on OKX without EXCHANGE=okx.
      Map<String, String> paper = env("EXCHANGE", "paper", "OKX_SIMULATED", "false", "MARKET_SOURCE", source,
          "REPLAY_FILES", replayFile().toString());
      assertThat(ConfigLoader.from(ConfigLoader.defaults(), paper).exchange().kind()).isEqualTo(ExchangeKind.PAPER);
    }
  }
}
