package dev.mariposa.bench;

import static dev.mariposa.bench.BenchSupport.median;
import static dev.mariposa.bench.BenchSupport.pace;

import dev.mariposa.Mariposa;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.events.Ticker;
import dev.mariposa.market.Kline;
import dev.mariposa.testing.HeadlessChromium;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live dashboard's frame rate under load, measured in headless Chromium with the page's own
 * performance API. One Mariposa instance (http, session, metrics roles) holds {@code agents}
 * paper agents over {@code symbols} symbols; the bench publishes tickers at {@code rate} a second
 * (round-robin over the symbols, each moving its price) and each symbol's 1m bar once a second on
 * the instance's event bus, as a feed would; the metrics role publishes every agent's figures
 * every 2 s. Chromium shows the dashboard; a script in the page counts {@code requestAnimationFrame}
 * callbacks and long tasks (PerformanceObserver) over each run. The floor, in the same run: the
 * same count on an empty page (what this headless Chromium does at all on this machine).
 *
 * <p>Usage: {@code DashboardFpsBench [seconds per run] [runs] [symbols] [agents] [ticks/s]}; prints
 * every run and the medians as Markdown.
 */
public final class DashboardFpsBench {
  private static final String TOKEN = "bench-token-0123456789";
  /** The page-side measurement: frames, their intervals and the long tasks over {@code ms}. */
  private static final String MEASURE = """
      const ms = arguments[0], done = arguments[arguments.length - 1];
      const intervals = [], longTasks = [];
      let last = 0, frames = 0;
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
      try { observer.observe({ type: 'longtask', buffered: false }); } catch (e) {}
      const start = performance.now();
      const events = [];
      const rate = setInterval(() => { const el = document.getElementById('event-rate'); if (el) events.push(Number(el.textContent) || 0); }, 1000);
      function tick(now) {
        if (last) intervals.push(now - last);
        last = now;
        frames++;
        if (now - start < ms) { requestAnimationFrame(tick); return; }
        observer.disconnect();
        clearInterval(rate);
        intervals.sort((a, b) => a - b);
        const q = (p) => intervals.length ? intervals[Math.min(intervals.length - 1, Math.floor(p * intervals.length))] : 0;
        done({ frames, ms: now - start, p50: q(0.5), p99: q(0.99), worst: q(1),
               longTasks: longTasks.length, longTaskMs: longTasks.reduce((a, b) => a + b, 0),
               events: events.length ? events.reduce((a, b) => a + b, 0) / events.length : 0,
               rows: document.querySelectorAll('#tickers tbody tr').length,
               agentRows: document.querySelectorAll('#agents tbody tr').length });
      }
      requestAnimationFrame(tick);
      """;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int symbolCount = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int agentCount = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int rate = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
    List<String> symbols = IntStream.range(0, symbolCount).mapToObj(i -> "BENCH" + i + "USDT").toList();
    Path dir = Files.createTempDirectory("mariposa-bench");
    try (EmbeddedRedis redis = EmbeddedRedis.ephemeral(); EmbeddedMongo mongo = EmbeddedMongo.inMemory()) {
      Mariposa node = Mariposa.start(TestConfigs.config(dir.resolve("fps"), Map.of("INSTANCE_ID", "fps",
          "ROLES", "http,session,metrics", "REDIS_URL", redis.url(), "MONGO_URL", mongo.connectionString(),
          "SYMBOLS", String.join(",", symbols), "API_TOKENS", TOKEN), json -> { }));
      WebDriver browser = HeadlessChromium.start(1600, 1000);
      try {
        createAgents(node, symbols, agentCount);
        Market market = new Market(node.vertx(), symbols);
        List<Run> page = new ArrayList<>();
        List<Run> floor = new ArrayList<>();
        browser.get("about:blank");
        floor.add(measure(browser, 3)); // warm-up, not counted
        browser.get("http://127.0.0.1:" + node.services().httpPort() + "/");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
            "connected".equals(d.findElement(By.tagName("body")).getDomAttribute("data-bus")));
        market.run(rate, 5); // warm-up: the page learns every symbol and agent
        for (int i = 0; i < runs; i++) {
          CompletableFuture<Void> load = CompletableFuture.runAsync(() -> market.run(rate, seconds + 2));
          page.add(measure(browser, seconds));
          load.get(seconds + 60L, TimeUnit.SECONDS);
        }
        browser.get("about:blank");
        floor.clear();
        for (int i = 0; i < runs; i++) {
          floor.add(measure(browser, seconds));
        }
        print(seconds, symbolCount, agentCount, rate, page, floor);
      } finally {
        browser.quit();
        node.stop();
      }
    }
  }

  private static void createAgents(Mariposa node, List<String> symbols, int count) {
    String base = "http://127.0.0.1:" + node.services().httpPort() + "/api/agents";
    for (int i = 0; i < count; i++) {
      JsonObject agent = new JsonObject().put("id", "fps-" + i).put("name", "Bench agent " + i)
          .put("symbols", new JsonArray().add(symbols.get(i % symbols.size())).add(symbols.get((i + 1) % symbols.size())))
          .put("interval", "1m").put("models", new JsonArray().add(new JsonObject().put("name", "technical").put("weight", 1)));
      var response = Http.send("POST", base, agent.encode(), TOKEN);
      if (response.statusCode() != 201) {
        throw new IllegalStateException("agent " + i + " not created: " + response.statusCode() + " " + response.body());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Run measure(WebDriver browser, int seconds) {
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(seconds + 30L));
    Map<String, Object> r = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(MEASURE, seconds * 1000);
    double ms = number(r.get("ms"));
    return new Run(number(r.get("frames")) * 1000 / ms, number(r.get("p50")), number(r.get("p99")), number(r.get("worst")),
        number(r.get("longTasks")), number(r.get("longTaskMs")), number(r.get("events")), number(r.get("rows")),
        number(r.get("agentRows")));
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
  }

  private record Run(double fps, double p50, double p99, double worst, double longTasks, double longTaskMs,
                     double eventsPerSecond, double tickerRows, double agentRows) {}

  /** A feed's traffic: tickers round-robin over the symbols, prices walking, and each symbol's 1m bar every second. */
  private static final class Market {
    private final Vertx vertx;
    private final List<String> symbols;
    private final double[] prices;
    private final Random random = new Random(7);
    private int next;
    private long lastBars;

    Market(Vertx vertx, List<String> symbols) {
      this.vertx = vertx;
      this.symbols = symbols;
      this.prices = symbols.stream().mapToDouble(s -> 100 + 10 * s.length()).toArray();
    }

    void run(int rate, int seconds) {
      try {
        pace(vertx, rate, seconds, this::tick);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private void tick() {
      int i = next++ % symbols.size();
      prices[i] *= 1 + (random.nextDouble() - 0.5) / 1000;
      long now = System.currentTimeMillis();
      BigDecimal last = BigDecimal.valueOf(prices[i]).setScale(4, RoundingMode.HALF_EVEN);
      BigDecimal spread = new BigDecimal("0.0100");
      vertx.eventBus().publish("market.ticker." + symbols.get(i), Ticker.quote(symbols.get(i), "bench", now, now,
          last.subtract(spread), BigDecimal.ONE, last.add(spread), BigDecimal.ONE).withLast(last));
      if (now - lastBars >= 1_000) {
        lastBars = now;
        long open = now - now % 60_000;
        for (int s = 0; s < symbols.size(); s++) {
          BigDecimal price = BigDecimal.valueOf(prices[s]).setScale(4, RoundingMode.HALF_EVEN);
          Kline bar = new Kline(symbols.get(s), "1m", open, open + 59_999, price, price, price, price, BigDecimal.TEN,
              price.multiply(BigDecimal.TEN), 10, false);
          vertx.eventBus().publish("market.kline." + symbols.get(s) + ".1m", bar.toJson(now, "bench"));
        }
      }
    }
  }

  private static void print(int seconds, int symbols, int agents, int rate, List<Run> page, List<Run> floor) {
    System.out.printf("%n| run | page | symbols | agents | ticks/s | frames/s | frame p50 ms | frame p99 ms | worst frame ms "
        + "| long tasks | long-task ms | events/s shown | ticker rows | agent rows |%n");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    row("", "dashboard", symbols, agents, rate, page);
    row("", "empty page (floor)", 0, 0, 0, floor);
    System.out.printf("%nMedians of %d runs of %d s each.%n", page.size(), seconds);
  }

  private static void row(String label, String name, int symbols, int agents, int rate, List<Run> runs) {
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      System.out.printf("| %d | %s | %d | %d | %,d | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", i + 1, name,
          symbols, agents, rate, r.fps(), r.p50(), r.p99(), r.worst(), r.longTasks(), r.longTaskMs(), r.eventsPerSecond(),
          r.tickerRows(), r.agentRows());
    }
    System.out.printf("| median%s | %s | %d | %d | %,d | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", label,
        name, symbols, agents, rate, med(runs, Run::fps), med(runs, Run::p50), med(runs, Run::p99), med(runs, Run::worst),
        med(runs, Run::longTasks), med(runs, Run::longTaskMs), med(runs, Run::eventsPerSecond), med(runs, Run::tickerRows),
        med(runs, Run::agentRows));
  }

  private static double med(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
    return median(runs.stream().mapToDouble(figure).toArray());
  }
}
