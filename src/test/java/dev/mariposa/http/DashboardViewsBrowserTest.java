package dev.mariposa.http;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.BrowserRig;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.HeadlessChromium;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cockpit's views in headless Chromium, on one instance of every role with synthetic prices:
 * cautious-1m buys and sells BTCUSDT through the API (a round trip, so its equity stays put), then
 * the overview shows the API's figures and follows its paper/live filter, the equity chart has the
 * snapshots and grows with the live perf events, the agent's indicators are drawn with the API's
 * values, and the fills' tooltip on the price chart says taker and why the order was placed.
 */
class DashboardViewsBrowserTest {
  private static final String TOKEN = "views-token-0123456789";
  private static final String AGENT = "cautious-1m";
  private static final Path SCREENSHOT = Path.of("target/screenshots/dashboard-views.png");

  @TempDir
  Path dir;

  @RegisterExtension
  final BrowserRig rig = new BrowserRig();

  private TestCluster cluster;
  private WebDriver driver;

  @Test
  @Timeout(90)
  void overviewEquityIndicatorsAndFillTooltip() {
    cluster = rig.cluster(dir);
    Mariposa node = cluster.start("v", Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic",
        "API_TOKENS", TOKEN), json -> json.getJsonObject("jobs").put("snapshotMs", 1000));
    String base = node.baseUrl();
    String api = base + "/api";
    Eventually.within(Duration.ofSeconds(15), "ready", () -> Http.status(api + "/market/BTCUSDT/orderbook") == 200
        && Http.status(api + "/market/BTCUSDT/ticker") == 200 && Http.status(api + "/agents/" + AGENT) == 200);
    for (String action : List.of("BUY", "SELL")) {
      HttpResponse<String> sent = Http.send("POST", api + "/agents/" + AGENT + "/signals",
          new JsonObject().put("action", action).put("symbol", "BTCUSDT").encode(), TOKEN);
      assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
      int fills = action.equals("BUY") ? 1 : 2;
      Eventually.within(Duration.ofSeconds(10), "the " + action + " filled", () -> trades(api).size() == fills);
    }
    JsonObject fill = trades(api).getJsonObject(0);
    assertThat(fill.getString("exitReason")).as("an API signal's fill").isEqualTo("signal");
    assertThat(fill.getString("liquidity")).isEqualTo("taker");
    Eventually.within(Duration.ofSeconds(10), "a performance snapshot", () -> new JsonObject(
        Http.get(api + "/agents/" + AGENT + "/performance/history?limit=5").body()).getJsonArray("snapshots").size() > 0);

    driver = rig.browser(1500, 1100);
    try {
      driver.get(base + "/?agent=" + AGENT + "&symbol=BTCUSDT");
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100));
      wait.ignoring(StaleElementReferenceException.class);

      // The overview: the API's figures (no position is open: the equity holds still).
      until(wait, "the overview loaded", d -> "ok".equals(d.findElement(By.id("overview")).getDomAttribute("data-state")));
      JsonObject overview = new JsonObject(Http.get(api + "/overview").body());
      for (String field : List.of("equity", "pnlToday", "pnlTotal", "agents", "errors", "warnings")) {
        BigDecimal expected = new BigDecimal(overview.getValue(field).toString());
        until(wait, () -> "the overview's " + field + " = " + expected + ", shown: " + shown(field), d ->
            shown(field) != null && new BigDecimal(shown(field)).compareTo(expected) == 0);
      }
      assertThat(overview.getInteger("agents")).isEqualTo(2);
      assertThat(new BigDecimal(overview.getValue("pnlTotal").toString()))
          .as("all realized: today's P/L is the total").isEqualByComparingTo(overview.getValue("pnlToday").toString());
      assertThat(driver.findElement(By.cssSelector("#overview [data-field='equity'] .value")).getText()).isNotEqualTo("—");
      new Select(driver.findElement(By.id("overview-exchange"))).selectByValue("okx");
      until(wait, "no live agent counted", d -> "okx".equals(d.findElement(By.id("overview")).getDomAttribute("data-exchange"))
          && "0".equals(shown("agents")));

      // The equity chart: the snapshots, then the live perf events add points.
      until(wait, "the agent chosen", d -> AGENT.equals(d.findElement(By.id("view-agent")).getDomProperty("value")));
      int first = until(wait, "equity points", d -> points(d) > 0 ? points(d) : null);
      until(wait, () -> "a live equity point beyond " + first, d -> points(d) > first);

      // The agent's indicators on the price chart, the API's values.
      until(wait, "six indicator series drawn", d -> "6".equals(d.findElement(By.id("chart")).getDomAttribute("data-indicator-series")));
      JsonArray points = new JsonObject(Http.get(api + "/agents/" + AGENT + "/indicators?symbol=BTCUSDT&limit=300").body())
          .getJsonArray("points");
      @SuppressWarnings("unchecked")
      Map<String, Object> drawn = (Map<String, Object>) js("const s = window.mariposa.views.indicators.series.get('emaFast').data();"
          + "const p = s[s.length - 1]; return {time: p.time, value: p.value};");
      long time = ((Number) drawn.get("time")).longValue();
      JsonObject same = points.stream().map(JsonObject.class::cast).filter(p -> p.getLong("openTime") / 1000 == time)
          .findFirst().orElseThrow(() -> new AssertionError("no API point at " + time));
      assertThat(((Number) drawn.get("value")).doubleValue()).isEqualTo(same.getDouble("emaFast"));

      // A fill's marker: the tooltip on its bar says taker and the reason.
      until(wait, "the fills' markers", d -> Boolean.TRUE.equals(js(
          "return (window.mariposa.chart.markers || []).some(m => String(m.id).startsWith('trade:'));")));
      WebElement chart = driver.findElement(By.id("chart"));
      Number x = (Number) js("const c = window.mariposa.chart; const m = c.markers.find(m => String(m.id).startsWith('trade:'));"
          + "return c.chart.timeScale().timeToCoordinate(m.time);");
      new Actions(driver).moveToElement(chart, x.intValue() - chart.getSize().getWidth() / 2, 60 - chart.getSize().getHeight() / 2)
          .perform();
      String tip = until(wait, "the fill tooltip", d -> {
        WebElement el = d.findElement(By.id("chart-tip"));
        return el.isDisplayed() ? el.getText() : null;
      });
      assertThat(tip).contains(AGENT, "taker", "reason: signal");
      HeadlessChromium.screenshot(driver, SCREENSHOT);
    } catch (AssertionError | RuntimeException e) {
      HeadlessChromium.screenshot(driver, SCREENSHOT);
      throw new AssertionError(e.getMessage() + "\nbrowser console:\n" + HeadlessChromium.console(driver), e);
    }
  }

  private String shown(String field) {
    return driver.findElement(By.cssSelector("#overview [data-field='" + field + "']")).getDomAttribute("data-value");
  }

  private static int points(WebDriver d) {
    String n = d.findElement(By.id("equity-chart")).getDomAttribute("data-points");
    return n == null ? 0 : Integer.parseInt(n);
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static JsonArray trades(String api) {
    return new JsonObject(Http.get(api + "/trades?agentId=" + AGENT).body()).getJsonArray("trades");
  }

  private static <T> T until(WebDriverWait wait, String what, Function<WebDriver, T> condition) {
    return until(wait, () -> what, condition);
  }

  private static <T> T until(WebDriverWait wait, java.util.function.Supplier<String> what, Function<WebDriver, T> condition) {
    try {
      return wait.until(condition::apply);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out waiting for " + what.get(), e);
    }
  }
}
