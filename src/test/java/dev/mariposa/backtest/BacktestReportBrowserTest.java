package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.testing.HeadlessChromium;
import dev.mariposa.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * The HTML report of a backtest of the real BTCUSDT day, opened from its file in headless
 * Chromium, offline: it draws the price with the trades, the equity and the drawdown (canvases),
 * the metrics of both agents, the orders and their execution. The screenshot is kept in target/screenshots (the
 * one under docs/ is a copy of it).
 */
class BacktestReportBrowserTest {
  private static final Path SCREENSHOT = Path.of("target/screenshots/backtest-report.png");

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
  void theReportDrawsItsChartsAndTablesFromTheFileAlone() {
    Path day = SharedData.require("binance/klines/BTCUSDT-1m-2024-09-21.csv");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BacktestCommand.run(List.of("--data", day.toString(), "--out", dir.toString(), "--quiet"), Map.of(),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

    driver = HeadlessChromium.start(1400, 1250);
    HeadlessChromium.openReport(driver, dir.resolve("backtest.html"));
    HeadlessChromium.screenshot(driver, SCREENSHOT);

    assertThat(driver.findElements(By.cssSelector("#price canvas, #equity canvas, #drawdown canvas")))
        .as("chart canvases").hasSizeGreaterThanOrEqualTo(3);
    assertThat(driver.findElements(By.cssSelector("#metrics tr.agent"))).as("agents in the metrics table").hasSize(2);
    assertThat(driver.findElement(By.id("price-title")).getDomProperty("textContent")).matches("BTCUSDT: price and momentum-1m's trades \\(\\d+\\)")
        .doesNotContain("(0)");
    assertThat(driver.findElements(By.cssSelector("#orders tr"))).as("orders (and the header)").hasSizeGreaterThan(10);
    assertThat(driver.findElement(By.id("run")).getText()).contains("1,440 events");
    assertThat(driver.findElement(By.id("files")).getText()).as("the data used")
        .contains("BTCUSDT-1m-2024-09-21.csv", "1,440 of 1,440");
    assertThat(driver.findElement(By.id("series")).getText()).contains("BTCUSDT 1m (momentum-1m, cautious-1m): 1,440 bars");
    assertThat(driver.findElements(By.cssSelector("#exec-orders tr"))).as("market, ioc, fok (and the header)").hasSize(4);
    assertThat(driver.findElement(By.id("exec-orders")).getText()).contains("market", "cancelled unfilled", "rejected");
    assertThat(driver.findElement(By.id("exec-quality")).getText()).as("the execution figures of momentum-1m")
        .contains("– (none placed)", "100.0 % / 0.0 %", "bp of", "n/a (bars)").doesNotContain("NaN", "undefined");
    assertThat(driver.findElements(By.cssSelector("#summary tr"))).as("the summary of both agents (and the header)").hasSize(3);
    assertThat(driver.findElement(By.id("trades-title")).getDomProperty("textContent")).matches("momentum-1m's trades \\(\\d+\\)").doesNotContain("(0)");
    assertThat(driver.findElements(By.cssSelector("#trades tr"))).as("trades (and the header)").hasSizeGreaterThan(10);
    assertThat(driver.findElements(By.cssSelector("#exit-reasons tr"))).as("six exit reasons (and the header)").hasSize(7);
    assertThat(driver.findElement(By.id("trades")).getText()).contains("long", "signal", "end of data");
    assertThat(driver.findElement(By.id("pairs")).getText()).contains("BTCUSDT");
    assertThat(driver.findElement(By.id("daily")).getText()).contains("2024-09-21");
    assertThat(driver.findElement(By.id("summary-note")).getText()).contains("BTCUSDT 63,196.00 → 63,348.96");
    for (String table : List.of("summary", "trades", "exit-reasons", "pairs", "daily")) {
      assertThat(driver.findElement(By.id(table)).getText()).as(table).doesNotContain("NaN", "undefined", "null");
    }
    assertThat(HeadlessChromium.console(driver)).as("browser console").doesNotContain("SEVERE");
  }
}
