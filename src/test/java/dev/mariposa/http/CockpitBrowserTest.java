package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.BrowserRig;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.HeadlessChromium;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's actions in headless Chromium against one instance of every role (the BTCAUD
 * capture replayed at its pace, the paper exchange filling against its book): the token entered
 * in its dialog, an agent created through the form (its validation error shown first), a position
 * closed with its Close button, the agent paused, a resting order cancelled and trading halted
 * with a reason. Each effect is checked through the API and in MongoDB, not only on the page.
 */
class CockpitBrowserTest {
  private static final String TOKEN = "cockpit-browser-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path SCREENSHOT = Path.of("target/screenshots/cockpit.png");

  @TempDir
  Path dir;

  @RegisterExtension
  final BrowserRig rig = new BrowserRig();

  private TestCluster cluster;
  private Mariposa one;
  private WebDriver driver;
  private String base;

  @Test
  @Timeout(90)
  void tradesFromThePageWithTheToken() throws IOException {
    String replay = SharedData.captureReplay(dir, "BTCAUD");
    cluster = rig.cluster(dir);
    one = cluster.start("one", Map.of("ROLES", "all", "SYMBOLS", "BTCAUD", "MARKET_SOURCE", "replay",
        "REPLAY_SPEED", "1", "REPLAY_FILES", replay, "API_TOKENS", TOKEN), json -> {
          json.getJsonObject("market").put("replayLoop", true);
          json.getJsonObject("analysis").put("seedAgents", false);
        });
    base = one.baseUrl();
    // A maker whose post-only BUY 4 % under the mid rests (and never fills): the order to cancel.
    JsonObject maker = new JsonObject().put("id", "maker").put("symbols", new JsonArray().add("BTCAUD"))
        .put("interval", "1h").put("risk", new JsonObject().put("maxTickerAgeSeconds", 300))
        .put("execution", new JsonObject().put("type", "post_only").put("price", "offset").put("offsetBps", 400)
            .put("ttlMs", 60_000).put("maxReprices", 0));
    HttpResponse<String> created = Http.send("POST", base + "/api/agents", maker.encode(), TOKEN);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    driver = rig.browser(1600, 1400);
    try {
      driver.get(base + "/");
      WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
      wait.ignoring(StaleElementReferenceException.class);
      until(wait, "the page loaded", d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-loaded")));
      assertThat(driver.findElement(By.cssSelector("#agent-form [data-op='save']")).isEnabled())
          .as("no token: the actions are off").isFalse();

      // The token, once, in its dialog: the page says what it allows.
      click(driver.findElement(By.id("token-button")));
      driver.findElement(By.id("token-input")).sendKeys(TOKEN);
      click(driver.findElement(By.cssSelector("#token-dialog button[value='save']")));
      until(wait, "the token's scopes shown", d -> "ok".equals(d.findElement(By.id("token-rights")).getDomAttribute("data-level")));
      assertThat(driver.findElement(By.id("token-rights")).getDomAttribute("data-scopes")).isEqualTo("trade agents admin backtests");
      assertThat(driver.findElement(By.id("token-rights")).getText()).startsWith("token:").doesNotContain(TOKEN);

      // An agent through the form: a stop-loss out of range first, refused with the API's words.
      type("id", "ui-taker");
      type("symbols", "BTCAUD");
      select("interval", "1h");
      type("maxTickerAgeSeconds", "300");
      type("stopLossPct", "-3");
      type("takeProfitPct", "3");
      click(driver.findElement(By.cssSelector("#agent-form [data-op='save']")));
      String problems = until(wait, "the validation problem listed", d -> {
        WebElement list = d.findElement(By.id("agent-errors"));
        return list.isDisplayed() && !list.getText().isBlank() ? list.getText() : null;
      });
      assertThat(problems).contains("risk.stopLossPct", "from 0 (off) to 50");
      assertThat(Http.status(base + "/api/agents/ui-taker")).isEqualTo(404);
      assertThat(mongo("agents", "ui-taker")).isNull();
      type("stopLossPct", "1.5");
      click(driver.findElement(By.cssSelector("#agent-form [data-op='save']")));
      until(wait, "the agent created", d -> d.findElement(By.id("action-status")).getText().startsWith("Agent ui-taker created"));
      JsonObject agent = new JsonObject(Http.get(base + "/api/agents/ui-taker").body());
      assertThat(agent.getJsonObject("risk").getDouble("stopLossPct")).isEqualTo(1.5);
      assertThat(agent.getJsonObject("execution").getString("type")).isEqualTo("market");
      assertThat(mongo("agents", "ui-taker").getJsonObject("risk").getDouble("stopLossPct")).isEqualTo(1.5);

      // A position of the new agent (a BUY at market), shown with the guard's levels, closed from the page.
      Eventually.within(Duration.ofSeconds(20), "a BTCAUD ticker from the replay",
          () -> Http.status(base + "/api/market/BTCAUD/ticker") == 200);
      queue("ui-taker", "BUY");
      By position = By.cssSelector("#positions tr[data-agent-id='ui-taker'][data-symbol='BTCAUD']");
      until(wait, () -> "the position in the panel; positions: " + Http.get(base + "/api/positions").body(),
          d -> !d.findElements(position).isEmpty());
      JsonObject held = new JsonObject(Http.get(base + "/api/positions?agentId=ui-taker").body())
          .getJsonArray("positions").getJsonObject(0);
      assertThat(held.getString("side")).isEqualTo("long");
      assertThat(held.getDouble("stopLoss")).isCloseTo(held.getDouble("entry") * 0.985, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(Double.parseDouble(driver.findElement(position).findElement(By.cssSelector("td[data-field='stopLoss']"))
          .getDomAttribute("data-value"))).isEqualTo(held.getDouble("stopLoss"));
      click(driver.findElement(position).findElement(By.cssSelector("button[data-action='close']")));
      until(wait, () -> "the position closed; signals: " + Http.get(base + "/api/agents/ui-taker/signals").body(),
          d -> new JsonObject(Http.get(base + "/api/positions?agentId=ui-taker").body()).getJsonArray("positions").isEmpty()
              && d.findElements(position).isEmpty());
      assertThat(mongo("accounts", "ui-taker").getJsonObject("positions")).isEmpty();
      assertThat(new JsonObject(Http.get(base + "/api/agents/ui-taker/signals").body()).getJsonArray("signals").stream()
          .map(JsonObject.class::cast).map(s -> s.getString("action"))).contains("CLOSE");

      // Paused from the form (the agent it just created is the one it edits).
      click(driver.findElement(By.cssSelector("#agent-form [data-op='pause']")));
      until(wait, "the agent paused", d -> d.findElement(By.id("action-status")).getText().equals("Agent ui-taker paused"));
      assertThat(new JsonObject(Http.get(base + "/api/agents/ui-taker").body()).getBoolean("enabled")).isFalse();
      assertThat(mongo("agents", "ui-taker").getBoolean("enabled")).isFalse();

      // The maker's resting entry, cancelled with its button: the trade role cancels it at the venue.
      String id = queue("maker", "BUY");
      By cancel = By.cssSelector("#resting tr[data-clordid='" + id + "'] button[data-action='cancel']");
      until(wait, () -> "the entry's Cancel button; the order: " + Http.get(base + "/api/orders/" + id).body(),
          d -> d.findElements(cancel).stream().anyMatch(WebElement::isEnabled));
      click(driver.findElement(cancel));
      until(wait, () -> "the entry cancelled; the order: " + Http.get(base + "/api/orders/" + id).body(),
          d -> "CANCELED".equals(new JsonObject(Http.get(base + "/api/orders/" + id).body()).getString("status")));
      JsonObject order = mongo("orders", id);
      assertThat(order.getBoolean("settled")).isTrue();
      assertThat(order.getString("cancelReason")).startsWith("cancelled: by token:");

      // Halted with a reason.
      driver.findElement(By.id("halt-reason")).sendKeys("cockpit test");
      click(driver.findElement(By.cssSelector("#halt-form button[data-halted='true']")));
      until(wait, "the halt reported", d -> d.findElement(By.id("action-status")).getText().equals("Trading halted: cockpit test"));
      JsonObject halt = new JsonObject(Http.get(base + "/api/admin/halt").body());
      assertThat(halt.getBoolean("halted")).isTrue();
      assertThat(halt.getString("reason")).isEqualTo("cockpit test");
      assertThat(halt.getString("by")).startsWith("token:");
      HeadlessChromium.screenshot(driver, SCREENSHOT);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\nbrowser console:\n" + HeadlessChromium.console(driver), e);
    }
  }

  private void click(WebElement element) {
    HeadlessChromium.click(driver, element);
  }

  private void type(String field, String text) {
    WebElement input = driver.findElement(By.cssSelector("#agent-form [name='" + field + "']"));
    input.clear();
    input.sendKeys(text);
  }

  private void select(String field, String value) {
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("#agent-form [name='" + field + "']")))
        .selectByValue(value);
  }

  /** A signal of the agent at market, queued through the API; returns its order's client id. */
  private String queue(String agentId, String action) {
    HttpResponse<String> queued = Http.send("POST", base + "/api/agents/" + agentId + "/signals",
        "{\"action\":\"" + action + "\",\"symbol\":\"BTCAUD\"}", TOKEN);
    assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
    return new JsonObject(queued.body()).getJsonArray("queued").getJsonObject(0).getString("clOrdId");
  }

  /** The stored document, as MongoDB holds it (null: none). */
  private JsonObject mongo(String collection, String id) {
    return one.services().mongo().client().findOne(collection, new JsonObject().put("_id", id), null).await();
  }

  private static <T> T until(WebDriverWait wait, String what, Function<WebDriver, T> condition) {
    return until(wait, () -> what, condition);
  }

  private static <T> T until(WebDriverWait wait, Supplier<String> what, Function<WebDriver, T> condition) {
    try {
      return wait.until(d -> {
        T value = condition.apply(d);
        return value instanceof Boolean bool && !bool ? null : value;
      });
    } catch (TimeoutException e) {
      throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what.get(), e);
    }
  }
}
