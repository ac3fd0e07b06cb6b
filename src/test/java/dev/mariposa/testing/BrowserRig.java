package dev.mariposa.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;

/**
 * A browser test's cluster and headless Chromium, closed after each test, the browser first (it
 * would otherwise log the cluster's sockets going). Register it with {@code @RegisterExtension}.
 */
public final class BrowserRig implements AfterEachCallback {
  private TestCluster cluster;
  private WebDriver driver;

  /** A cluster of instances under {@code dir}, closed after the test. */
  public TestCluster cluster(Path dir) {
    cluster = new TestCluster(dir);
    return cluster;
  }

  /** A headless browser of that window size (the test is skipped without Chromium), quit after the test. */
  public WebDriver browser(int width, int height) {
    driver = HeadlessChromium.start(width, height);
    return driver;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
