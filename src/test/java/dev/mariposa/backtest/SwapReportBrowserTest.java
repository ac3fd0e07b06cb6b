package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.testing.HeadlessChromium;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * A long/short swap agent (the technical model, 5× isolated, shorts allowed) backtested with
 * {@code mariposa backtest} on the recorded BTCUSDT hours of August 2024 with a funding rate, and
 * its HTML report opened in headless Chromium: the swap table shows its longs and shorts, the
 * funding and its margin.
 */
class SwapReportBrowserTest {
  private static final Path SCREENSHOT = Path.of("target/screenshots/backtest-swap-report.png");

  @TempDir
  Path dir;

  private WebDriver driver;

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  @Timeout(90)
  void theReportShowsTheSwapAgentsSidesFundingAndMargin() throws Exception {
    Path month = SharedData.require("binance/klines/BTCUSDT-1h-2024-08.csv");
    JsonObject agent = new JsonObject().put("id", "perp-1h").put("symbols", new JsonArray().add("BTCUSDT"))
        .put("interval", "1h").put("minConfidence", 0.3)
        .put("account", new JsonObject().put("market", "swap").put("leverage", 5).put("short", true))
        .put("risk", new JsonObject().put("maxPositionNotional", 5000).put("stopLossPct", 3).put("takeProfitPct", 4)
            .put("cooldownSeconds", 0).put("dailyLossLimit", 1000).put("maxDrawdownPct", 50));
    Path agents = Files.writeString(dir.resolve("perp.json"), agent.encode());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BacktestCommand.run(List.of("--data", month.toString(), "--agents", agents.toString(), "--funding", "0.0001",
            "--out", dir.resolve("report").toString(), "--quiet"), Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

    JsonObject report = new JsonObject(Files.readString(dir.resolve("report/backtest.json")));
    JsonObject figures = report.getJsonArray("agents").getJsonObject(0).getJsonObject("performance");
    assertThat(figures.getJsonObject("long").getInteger("roundTrips")).as("long trips").isPositive();
    assertThat(figures.getJsonObject("short").getInteger("roundTrips")).as("short trips").isPositive();
    assertThat(figures.getJsonObject("swap").getInteger("leverage")).isEqualTo(5);
    assertThat(report.getJsonObject("settings").getString("funding")).isEqualTo("modelled: 0.01% every 8 hours");

    driver = HeadlessChromium.start(1400, 1250);
    HeadlessChromium.openReport(driver, dir.resolve("report/backtest.html"));
    HeadlessChromium.screenshot(driver, SCREENSHOT);
    String swaps = driver.findElement(By.id("swaps")).getText();
    assertThat(swaps).contains("perp-1h", "isolated 5×, shorts", "won").doesNotContain("NaN", "undefined");
    assertThat(driver.findElement(By.id("settings")).getText()).contains("funding modelled: 0.01% every 8 hours");
    assertThat(HeadlessChromium.console(driver)).as("browser console").doesNotContain("SEVERE");
  }
}
