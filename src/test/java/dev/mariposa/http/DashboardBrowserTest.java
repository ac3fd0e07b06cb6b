package dev.mariposa.http;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.BrowserRig;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.HeadlessChromium;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromium-driver), against a cluster of
 * two instances: A feeds, analyses, signals, trades and ranks; B serves the dashboard, the API and
 * the SockJS bridge. Everything the browser sees live crossed A's bus, Redis and B's bridge.
 *
 * <p>The market is real recorded data: the BTCUSDT 1m bars of 2024-09-21 (with the quotes derived
 * from each bar) and the BTCAUD streams (bookTicker, depth, aggTrade) of a
 * 2021-04-05 capture with their REST depth snapshot (ticker and book: the paper exchange fills
 * against it). Replayed at 240x and looped, so the short capture keeps the BTCAUD ticker fresh.
 *
 * <p>Then B stops and a successor starts on its port: the page shows the disconnection, reconnects
 * by itself and is live again.
 */
class DashboardBrowserTest {
  private static final String TOKEN = "dashboard-token-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(25);
  private static final Path SCREENSHOT = Path.of("target/screenshots/dashboard.png");

  @TempDir
  Path dir;

  @RegisterExtension
  final BrowserRig rig = new BrowserRig();

  private TestCluster cluster;
  private WebDriver driver;
  private String base;

  @Test
  @Timeout(120)
  void showsTheMarketSignalsTradesAndTheLeaderboardLive() throws IOException {
    String replay = SharedData.barsAndBtcaudReplay(dir);

    cluster = rig.cluster(dir);
    cluster.start("a", Map.of("ROLES", "feed,analysis,signal,trade,metrics,jobs", "SYMBOLS", "BTCUSDT,BTCAUD",
            "MARKET_SOURCE", "replay", "REPLAY_SPEED", "240",
            "REPLAY_FILES", replay, "BACKTEST_DATA_DIR", SharedData.dir().toAbsolutePath().toString()), // its jobs role runs them
        json -> {
          json.getJsonObject("market").put("replayLoop", true);
          TestConfigs.patientSignals(json);
        });
    Mariposa b = cluster.start("b", Map.of("ROLES", "http,session", "SYMBOLS", "BTCUSDT,BTCAUD", "API_TOKENS", TOKEN,
        "BACKTEST_DATA_DIR", SharedData.dir().toAbsolutePath().toString()), TestConfigs::patientSignals);
    base = b.baseUrl();
    Eventually.within(Duration.ofSeconds(20), "the default agents, seeded by A",
        () -> Http.status(base + "/api/agents/momentum-1m") == 200);
    Eventually.within(Duration.ofSeconds(20), "a BTCAUD ticker from the replay",
        () -> Http.status(base + "/api/market/BTCAUD/ticker") == 200);
    // The demo agents analyse 1h bars here, which do not warm up within the test: the only orders
    // are the ones it asks for (a kline replay has quotes to trade on, as live).
    for (String agent : List.of("momentum-1m", "cautious-1m")) {
      JsonObject definition = new JsonObject(Http.get(base + "/api/agents/" + agent).body()).put("interval", "1h");
      // At 240x the default 5 s ticker age is 21 ms of wall time: a busy machine's delay between a
      // replayed ticker and the decision was more (a forced BUY refused as stale_market_data).
      definition.getJsonObject("risk").put("maxTickerAgeSeconds", 300);
      HttpResponse<String> put = Http.send("PUT", base + "/api/agents/" + agent, definition.encode(), TOKEN);
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    driver = rig.browser(1600, 1000);
    try {
      driver.get(base + "/");
      // Panels are redrawn as events arrive: an element found may be replaced before it is read.
      WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
      wait.ignoring(StaleElementReferenceException.class);

      // Connected over /eventbus.
      until(wait, "the connection indicator says connected", d ->
          "connected".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
      assertThat(driver.findElement(By.id("connection")).getText()).isEqualTo("Connected");

      // BTCUSDT's price moves with the replayed bars: only the bridge brings them.
      By price = By.cssSelector("#tickers tr[data-symbol='BTCUSDT'] td[data-field='price']");
      List<String> prices = new ArrayList<>();
      until(wait, () -> "the BTCUSDT price changing twice, seen: " + prices, d -> {
        String text = d.findElement(price).getText();
        if (!text.isBlank() && !text.equals("—") && (prices.isEmpty() || !prices.get(prices.size() - 1).equals(text))) {
          prices.add(text);
        }
        return prices.size() >= 3;
      });

      // The chart: a canvas with candles, and more of them as bars arrive.
      until(wait, "the chart's canvas and candles", d -> !d.findElements(By.cssSelector("#chart canvas")).isEmpty()
          && candles(d) > 0);
      int firstCount = candles(driver);
      until(wait, () -> "live candles beyond the " + firstCount + " first", d -> candles(d) > firstCount);
      assertThat(driver.findElement(By.id("chart")).getAttribute("data-symbol")).isEqualTo("BTCUSDT");

      // A forced BUY of BTCAUD: the signal, sent, then its fill in the trades.
      String audSignal = queue("BTCAUD");
      until(wait, "the BTCAUD signal in the feed", d -> !d.findElements(
          By.cssSelector("#signals li[data-signal-id='" + audSignal + "']")).isEmpty());
      until(wait, () -> "the BTCAUD signal sent; the agent's signals: " + signals(), d -> !d.findElements(
          By.cssSelector("#signals li[data-signal-id='" + audSignal + "'][data-status='sent']")).isEmpty());
      String fill = until(wait, "the BTCAUD fill in the trades", d -> d.findElements(
          By.cssSelector("#trades tr[data-agent-id='momentum-1m'][data-symbol='BTCAUD'][data-side='BUY']")).stream()
          .findFirst().map(WebElement::getText).orElse(null));
      assertThat(fill).contains("momentum-1m", "BUY", "BTCAUD", "paper");
      assertThat(driver.findElement(By.cssSelector("#trades tr[data-agent-id='momentum-1m'][data-symbol='BTCAUD'] "
          + "td[data-field='liquidity']")).getText()).as("a market order's fill: a taker's").isEqualTo("T");

      // A forced BUY of BTCUSDT: a signal, refused with its reason (one position open, the limit).
      String usdtSignal = queue("BTCUSDT");
      String refused = until(wait, "the BTCUSDT signal, refused", d -> d.findElements(
          By.cssSelector("#signals li[data-signal-id='" + usdtSignal + "'][data-status='rejected']")).stream().findFirst()
          .map(WebElement::getText).orElse(null));
      assertThat(refused).contains("momentum-1m", "BUY", "BTCUSDT").containsIgnoringCase("positions open");

      // Leaderboard, agents (with their live figures) and both instances of the cluster.
      until(wait, "leaderboard rows", d -> d.findElements(By.cssSelector("#leaderboard tbody tr[data-agent-id]")).size() >= 2);
      until(wait, "momentum-1m's fill counted in its live figures", d -> "1".equals(
          d.findElement(By.cssSelector("#agents tr[data-agent-id='momentum-1m'] td[data-field='fills']")).getText()));
      until(wait, "both instances in the cluster panel", d -> d.findElements(By.cssSelector("#cluster tr[data-instance-id]")).size() == 2);
      assertThat(driver.findElement(By.id("badge-source")).getText()).contains("replay");
      // In words (A's feed and trade reports, through B's /api/system): paper, on the recorded days.
      // Each replay reports its days once it has read its files: the sentence grows to both days.
      String expected = "Paper trading with replayed prices from 2021-04-05 to 2024-09-21: no real money";
      String[] seen = {""};
      until(wait, () -> "the trading mode in words, seen: " + seen[0], d -> {
        seen[0] = d.findElement(By.id("trading-mode")).getText();
        return seen[0].equals(expected) ? seen[0] : null;
      });
      assertThat(driver.findElement(By.id("trading-mode")).getAttribute("data-level")).isEqualTo("info");

      // The Backtests panel: a run of the recorded day started from its form (A's jobs role runs it), done, its report.
      String day = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
      until(wait, "the data files and agents listed", d -> !d.findElements(By.cssSelector("#bt-data option[value='" + day + "']"))
          .isEmpty() && !d.findElements(By.cssSelector("#bt-agents option[value='momentum-1m']")).isEmpty());
      Select data = new Select(driver.findElement(By.id("bt-data")));
      data.deselectAll();
      data.selectByValue(day);
      new Select(driver.findElement(By.id("bt-agents"))).selectByValue("momentum-1m");
      HeadlessChromium.click(driver, driver.findElement(By.id("token-button"))); // the page's token, once, for every action
      driver.findElement(By.id("token-input")).sendKeys(TOKEN);
      HeadlessChromium.click(driver, driver.findElement(By.cssSelector("#token-dialog button[value='save']")));
      until(wait, "the start button enabled by the token's scopes", d ->
          d.findElement(By.cssSelector("#bt-form button[type='submit']")).isEnabled());
      HeadlessChromium.click(driver, driver.findElement(By.cssSelector("#bt-form button[type='submit']")));
      String report = until(wait, "the run done with its report link", d -> d.findElements(
          By.cssSelector("#bt-runs tr[data-status='done'] a[href$='/report.html']")).stream().findFirst()
          .map(a -> a.getAttribute("href")).orElse(null));
      assertThat(Http.get(report).body()).contains("<title>Mariposa backtest</title>");
      // An optimisation from the same form: its fields shown for kind optimize, its row with its kind and best score.
      new Select(driver.findElement(By.id("bt-kind"))).selectByValue("optimize");
      driver.findElement(By.id("bt-from")).sendKeys("2024-09-21T06:00");
      driver.findElement(By.id("bt-to")).sendKeys("2024-09-21T09:00");
      driver.findElement(By.id("bt-space")).sendKeys("{\"parameters\": {\"minConfidence\": {\"values\": [0.2, 0.3]}}}");
      HeadlessChromium.click(driver, driver.findElement(By.cssSelector("#bt-form button[type='submit']")));
      String best = until(wait, () -> "the optimisation done with its best set; problems: "
          + driver.findElement(By.id("bt-problems")).getText() + "; runs: " + driver.findElement(By.id("bt-runs")).getText(),
          d -> d.findElements(
          By.cssSelector("#bt-runs tr[data-status='done']")).stream()
          .filter(row -> row.findElements(By.tagName("td")).get(1).getText().equals("optimize"))
          .map(row -> row.findElements(By.tagName("td")).get(6).getText()).findFirst().orElse(null));
      assertThat(best).matches("(best -?[0-9.]+ · minConfidence=0\\.[23]|no set accepted)");
      screenshot();

      // B goes away: the page says so at once, and reconnects by itself to a successor on the same
      // port, registering its handlers anew (the client wipes them on every reconnect).
      String port = Integer.toString(java.net.URI.create(base).getPort());
      b.stop();
      until(wait, "the disconnected state", d ->
          "reconnecting".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
      assertThat(driver.findElement(By.id("connection")).getText()).isEqualTo("Disconnected — reconnecting…");
      assertThat(driver.findElement(By.id("alerts")).getText()).contains("disconnected");
      cluster.start("b2", Map.of("ROLES", "http,session", "SYMBOLS", "BTCUSDT,BTCAUD", "API_TOKENS", TOKEN, "HTTP_PORT", port));
      until(wait, "connected again", d ->
          "connected".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
      List<String> after = new ArrayList<>();
      until(wait, () -> "the BTCUSDT price changing twice after the reconnect, seen: " + after, d -> {
        String text = d.findElement(price).getText();
        if (after.isEmpty() || !after.get(after.size() - 1).equals(text)) {
          after.add(text);
        }
        return after.size() >= 3;
      });
      until(wait, "the snapshots fetched again", d -> d.findElement(By.id("events")).getText().contains("reconnected"));
      until(wait, "the fill still listed", d -> !d.findElements(
          By.cssSelector("#trades tr[data-agent-id='momentum-1m'][data-symbol='BTCAUD']")).isEmpty());
    } catch (AssertionError | RuntimeException e) {
      screenshot();
      throw new AssertionError(e.getMessage() + "\nbrowser console:\n" + console(), e);
    }
  }

  /**
   * A maker's entry on the dashboard: a post-only BUY 4 % under the BTCAUD mid rests (and never
   * fills), listed in the Resting orders panel and drawn as a dashed line at its price on the
   * chart, until a halt cancels it. One instance replays the BTCAUD capture at its recorded pace:
   * a resting entry's time to live is replayed time, which the other test's 240x would spend in
   * a quarter of a second.
   */
  @Test
  @Timeout(90)
  void aRestingEntryIsListedAndDrawnUntilAHaltCancelsIt() throws IOException {
    String replay = SharedData.captureReplay(dir, "BTCAUD");
    cluster = rig.cluster(dir);
    Mariposa one = cluster.start("one", Map.of("ROLES", "all", "SYMBOLS", "BTCAUD", "MARKET_SOURCE", "replay",
        "REPLAY_SPEED", "1", "REPLAY_FILES", replay, "API_TOKENS", TOKEN), json -> {
          json.getJsonObject("market").put("replayLoop", true);
          json.getJsonObject("analysis").put("seedAgents", false);
        });
    base = one.baseUrl();
    JsonObject maker = new JsonObject().put("id", "maker").put("symbols", new JsonArray().add("BTCAUD"))
        .put("interval", "1h").put("risk", new JsonObject().put("maxTickerAgeSeconds", 300))
        .put("execution", new JsonObject().put("type", "post_only").put("price", "offset").put("offsetBps", 400)
            .put("ttlMs", 60_000).put("maxReprices", 0));
    HttpResponse<String> created = Http.send("POST", base + "/api/agents", maker.encode(), TOKEN);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    driver = rig.browser(1600, 1000);
    try {
      driver.get(base + "/");
      WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
      wait.ignoring(StaleElementReferenceException.class);
      until(wait, "the page loaded and connected", d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded"))
          && "connected".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
      until(wait, "the BTCAUD chart", d -> "BTCAUD".equals(d.findElement(By.id("chart")).getAttribute("data-symbol")));
      // The replay's first BTCAUD quote comes a few seconds in (the browser started meanwhile).
      Eventually.within(Duration.ofSeconds(20), "a BTCAUD ticker from the replay",
          () -> Http.status(base + "/api/market/BTCAUD/ticker") == 200);

      HttpResponse<String> queued = Http.send("POST", base + "/api/agents/maker/signals",
          "{\"action\":\"BUY\",\"symbol\":\"BTCAUD\"}", TOKEN);
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
      String id = new JsonObject(queued.body()).getJsonArray("queued").getJsonObject(0).getString("clOrdId");
      By row = By.cssSelector("#resting tr[data-clordid='" + id + "']");
      String listed = until(wait, () -> "the entry in the Resting orders panel; the order: " + order(id),
          d -> d.findElements(row).stream().findFirst().map(WebElement::getText).orElse(null));
      JsonObject resting = new JsonObject(order(id));
      assertThat(resting.getBoolean("resting")).isTrue();
      double limit = resting.getDouble("limitPrice");
      assertThat(listed).contains("maker", "BUY", "BTCAUD", "post-only", "0/0");
      assertThat(Double.parseDouble(driver.findElement(row).getAttribute("data-limit-price"))).isEqualTo(limit);

      // On the chart: one dashed line at its limit, labelled with its side, quantity and type.
      JsonObject line = until(wait, "the entry's price line on the chart", d -> {
        String lines = (String) ((JavascriptExecutor) d)
            .executeScript("return JSON.stringify(window.mariposa.chart.priceLineList())");
        return new JsonArray(lines).stream().map(JsonObject.class::cast)
            .filter(l -> id.equals(l.getString("id"))).findFirst().orElse(null);
      });
      assertThat(line.getDouble("price")).isEqualTo(limit);
      assertThat(line.getString("title")).startsWith("BUY ").endsWith(" post-only");
      assertThat(line.getInteger("lineStyle")).as("LineStyle.Dashed").isEqualTo(2);
      assertThat(driver.findElement(By.id("chart")).getAttribute("data-price-lines")).isEqualTo("1");

      // A halt cancels it: gone from the panel and the chart.
      HttpResponse<String> halt = Http.send("POST", base + "/api/admin/halt",
          "{\"halted\":true,\"reason\":\"dashboard test\"}", TOKEN);
      assertThat(halt.statusCode()).as(halt.body()).isEqualTo(200);
      until(wait, () -> "the entry gone from the panel and the chart; the order: " + order(id),
          d -> d.findElements(row).isEmpty() && "0".equals(d.findElement(By.id("chart")).getAttribute("data-price-lines")));
      JsonObject ended = new JsonObject(order(id));
      assertThat(ended.getString("status")).isEqualTo("CANCELED");
      assertThat(ended.getString("reason")).contains("trading halted: dashboard test");
      assertThat(driver.findElement(By.id("resting")).getText()).contains("no resting orders");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\nbrowser console:\n" + console(), e);
    }
  }

  /**
   * The official vertx-eventbus.js client, as the dashboard loads it: a command the bridge refuses
   * calls the send's callback with the failure and its reason (no token, a wrong one, not a command
   * address, past the socket's budget), a command it accepts with the reply, and a publish reaches
   * onerror with the reason.
   */
  @Test
  @Timeout(60)
  void theEventBusClientsCallbackLearnsWhyACommandIsRefused() {
    cluster = rig.cluster(dir);
    Mariposa b = cluster.start("b", Map.of("ROLES", "http", "API_TOKENS", TOKEN));
    driver = rig.browser(1280, 800);
    driver.get(b.baseUrl() + "/");
    String script = """
        const done = arguments[arguments.length - 1];
        const token = arguments[0];
        const eb = new EventBus('/eventbus');
        const out = {};
        const send = (address, body, headers) => new Promise((resolve) =>
            eb.send(address, body, headers, (err, reply) => resolve(err ? {err} : {body: reply.body})));
        eb.onerror = (e) => { out.onerror = e; };
        eb.onopen = async () => {
          const halt = {halted: false, reason: 'browser test'};
          out.noToken = await send('cmd.halt', halt, {});
          out.wrongToken = await send('cmd.halt', halt, {authorization: 'Bearer wrong-token-0123456789'});
          out.notACommand = await send('agents.changed', {}, {authorization: 'Bearer ' + token});
          out.accepted = await send('cmd.halt', halt, {authorization: 'Bearer ' + token});
          const burst = [];
          for (let i = 0; i < 40; i++) {
            burst.push(send('cmd.signal', {agentId: 'nobody-here'}, {authorization: 'Bearer ' + token}));
          }
          out.burst = await Promise.all(burst);
          eb.publish('cmd.halt', halt, {authorization: 'Bearer ' + token});
          const waited = Date.now();
          while (!out.onerror && Date.now() - waited < 5000) {
            await new Promise((r) => setTimeout(r, 50));
          }
          eb.close();
          done(JSON.stringify(out));
        };
        """;
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    JsonObject out = new JsonObject((String) ((JavascriptExecutor) driver)
        .executeAsyncScript(script, TOKEN));

    assertThat(out.getJsonObject("noToken").getJsonObject("err").getInteger("failureCode")).isEqualTo(401);
    assertThat(out.getJsonObject("noToken").getJsonObject("err").getString("message"))
        .startsWith("unauthorized: cmd.halt needs headers");
    assertThat(out.getJsonObject("wrongToken").getJsonObject("err").getString("message"))
        .startsWith("unauthorized: the bearer token is not valid");
    assertThat(out.getJsonObject("notACommand").getJsonObject("err").getInteger("failureCode")).isEqualTo(403);
    assertThat(out.getJsonObject("notACommand").getJsonObject("err").getString("message")).startsWith("access_denied: ");
    assertThat(out.getJsonObject("accepted").getJsonObject("body").getBoolean("halted")).isFalse();
    List<JsonObject> burst = out.getJsonArray("burst").stream().map(JsonObject.class::cast)
        .map(r -> r.getJsonObject("err")).toList();
    assertThat(burst).as("every callback of the burst fired with a failure").doesNotContainNull();
    assertThat(burst).as("past the budget (inboundPerSecond=20)")
        .anySatisfy(err -> assertThat(err.getString("message")).startsWith("throttled: "))
        .allSatisfy(err -> assertThat(err.getString("message")).matches("(throttled|agent_not_found): .*"));
    assertThat(out.getJsonObject("onerror").getString("body")).isEqualTo("rejected");
    assertThat(out.getJsonObject("onerror").getString("message")).startsWith("publishing is not allowed");
  }

  /** POSTs a BUY for momentum-1m on B (with the token); returns the queued signal's id. */
  private String queue(String symbol) {
    HttpResponse<String> response = Http.send("POST", base + "/api/agents/momentum-1m/signals",
        "{\"action\":\"BUY\",\"symbol\":\"" + symbol + "\"}", TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return new JsonObject(response.body()).getJsonArray("queued").getJsonObject(0).getString("id");
  }

  private String order(String id) {
    return Http.get(base + "/api/orders/" + id).body();
  }

  /** What became of the agent's signals (the history and the current one), for a failure's message. */
  private String signals() {
    return Http.get(base + "/api/agents/momentum-1m/signals").body();
  }

  private static int candles(WebDriver d) {
    String value = d.findElement(By.id("chart")).getAttribute("data-candles");
    return value == null ? 0 : Integer.parseInt(value);
  }

  private static <T> T until(WebDriverWait wait, String what, java.util.function.Function<WebDriver, T> condition) {
    return until(wait, () -> what, condition);
  }

  private static <T> T until(WebDriverWait wait, java.util.function.Supplier<String> what,
                             java.util.function.Function<WebDriver, T> condition) {
    try {
      return wait.until(d -> {
        T value = condition.apply(d);
        return value instanceof Boolean bool && !bool ? null : value;
      });
    } catch (TimeoutException e) {
      throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what.get(), e);
    }
  }

  /** The page from its top, as a newcomer first sees it (docs/dashboard.png is one of these). */
  private void screenshot() {
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    HeadlessChromium.screenshot(driver, SCREENSHOT);
  }

  private String console() {
    return HeadlessChromium.console(driver);
  }

}
