package dev.mariposa.http;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.HeadlessChromium;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * GET /api/docs: the OpenAPI document rendered by the vendored Redoc, everything from the jar. Over
 * plain HTTP the page (with a Content-Security-Policy that keeps it on this server), its script (byte
 * for byte what SHA256SUMS lists) and the document it renders are served; in headless Chromium the
 * page shows the operations, and whatever it asked of another server was blocked.
 */
class ApiDocsTest {
  private static final Pattern SCRIPT = Pattern.compile("<script src=\"([^\"]+)\"");
  private static final Pattern SPEC = Pattern.compile("spec-url=\"([^\"]+)\"");
  private static final Path SCREENSHOT = Path.of("target/screenshots/api-docs.png");

  @TempDir
  static Path dir;

  private static TestCluster cluster;
  private static String base;

  @BeforeAll
  static void start() {
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("docs", Map.of("ROLES", "http", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic"));
    base = node.baseUrl();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void servesThePageItsScriptAndTheDocumentItRenders() throws Exception {
    HttpResponse<String> page = Http.get(base + "/api/docs");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("<redoc");
    assertThat(page.headers().firstValue("content-security-policy").orElse(""))
        .as("the page may load from this server only").startsWith("default-src 'self'").doesNotContain("http");

    List<String> scripts = all(SCRIPT, page.body());
    assertThat(scripts).as("the page's scripts").containsExactly("/vendor/redoc.standalone.js");
    HttpResponse<byte[]> script = Http.getBytes(base + scripts.get(0));
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("content-type").orElse("")).contains("javascript");
    assertThat(sha256(script.body())).as("the served script against webroot/vendor/SHA256SUMS")
        .isEqualTo(listedChecksum("redoc.standalone.js"));

    List<String> specs = all(SPEC, page.body());
    assertThat(specs).containsExactly("/openapi.yaml");
    HttpResponse<String> spec = Http.get(base + specs.get(0));
    assertThat(spec.statusCode()).isEqualTo(200);
    assertThat(spec.body()).contains("operationId: getApiDocs");
  }

  @Test
  @Timeout(120)
  void rendersTheOperationsInABrowserWithNothingFetchedElsewhere() {
    WebDriver driver = HeadlessChromium.start(1400, 900);
    try {
      // Every load the page's Content-Security-Policy blocks, recorded before the page's scripts run.
      ((ChromiumDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
          "window.blocked = []; document.addEventListener('securitypolicyviolation', e => window.blocked.push(e.blockedURI));"));
      driver.get(base + "/api/docs");
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(40), Duration.ofMillis(200));
      try {
        // Operation summaries of openapi.yaml, as Redoc renders them (headings and the menu).
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains("The latest best bid and ask of a symbol"));
      } catch (TimeoutException e) {
        HeadlessChromium.screenshot(driver, SCREENSHOT);
        fail("no operation rendered; page text: " + driver.findElement(By.tagName("body")).getText()
            + "\nconsole:\n" + HeadlessChromium.console(driver));
      }
      String text = driver.findElement(By.tagName("body")).getText();
      assertThat(text).contains("Create an agent", "Halt or resume trading, cluster-wide", "/api/agents/{id}/signals");
      HeadlessChromium.screenshot(driver, SCREENSHOT);

      // Redoc's footer asks Redocly's CDN for a logo: the policy blocks it, and nothing else leaves.
      JavascriptExecutor page = (JavascriptExecutor) driver;
      List<String> asked = strings(page.executeScript("return performance.getEntriesByType('resource').map(e => e.name);"));
      List<String> blocked = strings(page.executeScript("return window.blocked;"));
      assertThat(asked).as("what the page asked for").contains(base + "/vendor/redoc.standalone.js", base + "/openapi.yaml");
      assertThat(asked.stream().filter(url -> !url.startsWith(base + "/")))
          .as("asked elsewhere than this server, and not blocked (blocked: " + blocked + ")").isSubsetOf(blocked);
    } finally {
      driver.quit();
    }
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).collect(Collectors.toList());
  }

  private static List<String> all(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.results().map(r -> r.group(1)).collect(Collectors.toList());
  }

  private static String listedChecksum(String file) throws IOException {
    try (InputStream in = ApiDocsTest.class.getClassLoader().getResourceAsStream("webroot/vendor/SHA256SUMS")) {
      assertThat(in).as("webroot/vendor/SHA256SUMS on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> line.endsWith("  " + file))
          .map(line -> line.substring(0, line.indexOf(' ')))
          .findFirst().orElseThrow(() -> new AssertionError(file + " is not in SHA256SUMS"));
    }
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
