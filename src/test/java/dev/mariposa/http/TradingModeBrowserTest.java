package dev.mariposa.http;

import dev.mariposa.Mariposa;
import dev.mariposa.embedded.FreePort;
import dev.mariposa.testing.BrowserRig;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard says in words when a real-money OKX account is configured (DashboardBrowserTest
 * shows the paper case). Nothing here can reach OKX or Binance: both are on closed ports, so no
 * order can go anywhere, and the feed has no market data (no synthetic fallback with real money).
 */
class TradingModeBrowserTest {
  @TempDir
  Path dir;

  @RegisterExtension
  final BrowserRig rig = new BrowserRig();

  private TestCluster cluster;
  private WebDriver driver;

  @Test
  @Timeout(90)
  void realMoneyIsSaidInRed() {
    int closed = FreePort.find();
    cluster = rig.cluster(dir);
    Map<String, String> env = new HashMap<>(Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "binance",
        "BINANCE_REST_URL", "http://127.0.0.1:" + closed, "BINANCE_WS_URL", "ws://127.0.0.1:" + closed));
    env.putAll(Map.of("EXCHANGE", "okx", "OKX_SIMULATED", "false", "OKX_REST_URL", "http://127.0.0.1:" + closed,
        "OKX_API_KEY", "key-0123456789", "OKX_API_SECRET", "secret-0123456789", "OKX_PASSPHRASE", "passphrase-0123"));
    Mariposa node = cluster.start("real", env);
    String expected = "REAL MONEY on OKX: orders only on live Binance prices";
    // Binance unreachable: no data, and no synthetic fallback (prices "none", once the feed reported it).
    Eventually.within(Duration.ofSeconds(20), "GET /api/system: no prices", () -> "none".equals(
        new JsonObject(Http.get(node.baseUrl() + "/api/system").body()).getJsonObject("trading", new JsonObject())
            .getString("prices")));
    JsonObject trading = new JsonObject(Http.get(node.baseUrl() + "/api/system").body()).getJsonObject("trading");
    assertThat(trading.getString("summary")).isEqualTo(expected);
    assertThat(trading.getString("money")).isEqualTo("real");
    assertThat(trading.getBoolean("realMoney")).isTrue();

    driver = rig.browser(1400, 900);
    driver.get(node.baseUrl() + "/");
    new WebDriverWait(driver, Duration.ofSeconds(25), Duration.ofMillis(100)).until(d ->
        d.findElement(By.id("trading-mode")).getText().equals(expected));
    assertThat(driver.findElement(By.id("trading-mode")).getAttribute("data-level")).isEqualTo("bad");
    assertThat(driver.findElement(By.id("trading-mode")).isDisplayed()).isTrue();
  }
}
