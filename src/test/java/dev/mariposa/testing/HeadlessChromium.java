package dev.mariposa.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's chromium through its chromedriver, both named: Selenium Manager never downloads a browser. */
public final class HeadlessChromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** A headless browser of that window size; the calling test is skipped, saying why, without one. */
  public static WebDriver start(int width, int height) {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "skipped: no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver; .ci/run does)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--force-device-scale-factor=1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  /**
   * Clicks an element scrolled to the middle of the window first: WebDriver scrolls it to the top
   * edge, where the dashboard's sticky top bar would take the click.
   */
  public static void click(WebDriver driver, org.openqa.selenium.WebElement element) {
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  /**
   * Opens a self-contained report page ({@code file}) and waits for it to say it has rendered
   * ({@code <body data-rendered="true">}); fails with the browser's console if it does not.
   */
  public static void openReport(WebDriver driver, Path file) {
    driver.get(file.toUri().toString());
    try {
      new WebDriverWait(driver, Duration.ofSeconds(20))
          .until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-rendered")));
    } catch (TimeoutException e) {
      throw new AssertionError("the report did not render; console:\n" + console(driver), e);
    }
  }

  /** Saves what the browser shows (a test artifact); a failure to is printed, not thrown. */
  public static void screenshot(WebDriver driver, Path to) {
    try {
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.createDirectories(to.toAbsolutePath().getParent());
      Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      System.err.println("No screenshot: " + e);
    }
  }

  /** The browser's console, for a failure message. */
  public static String console(WebDriver driver) {
    try {
      return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
          .collect(Collectors.joining("\n"));
    } catch (RuntimeException e) {
      return "(unavailable: " + e.getMessage() + ")";
    }
  }
}
