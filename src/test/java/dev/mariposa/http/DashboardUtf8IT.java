package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.embedded.FreePort;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.HeadlessChromium;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.JarProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The dashboard of the packaged jar started as {@code env -i java -jar mariposa.jar} would start it:
 * no LANG, so the JVM's default charset is US-ASCII. Every text asset must still be labelled UTF-8
 * (what the files are), and Chromium must show the page's non-ASCII characters as written, not
 * "â€”" for "—".
 */
class DashboardUtf8IT {
  /** The page's own title and legend, as written in index.html. */
  private static final String TITLE = "Mariposa — live dashboard";
  private static final String LEGEND = "● signal · ■ signal refused or expired · ▲ buy fill · ▼ sell fill";
  private static final List<String> TEXT_ASSETS = List.of("/", "/index.html", "/app.js", "/app.css", "/js/format.js",
      "/js/render.js", "/vendor/vertx-eventbus.js", "/openapi.yaml");

  @TempDir
  Path workDir;

  @Test
  @Timeout(90)
  void textAssetsAreUtf8WhateverTheLocale() throws Exception {
    int port = FreePort.find();
    // Only what the process needs: no LANG, LC_ALL or JAVA_TOOL_OPTIONS.
    Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "HOME", workDir.toString(),
        "HTTP_PORT", Integer.toString(port));
    try (JarProcess jar = JarProcess.start(workDir, env)) {
      String base = "http://localhost:" + port;
      Eventually.within(Duration.ofSeconds(30), () -> "/health answers; the jar said:\n" + jar.tail(30),
          () -> Http.status(base + "/health") > 0);

      for (String asset : TEXT_ASSETS) {
        HttpResponse<String> response = Http.get(base + asset);
        assertThat(response.statusCode()).as(asset).isEqualTo(200);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertThat(type.toLowerCase(Locale.ROOT).replace(" ", "")).as("Content-Type of " + asset)
            .contains("charset=utf-8");
      }

      WebDriver driver = HeadlessChromium.start(1280, 800);
      try {
        driver.get(base + "/");
        assertThat(driver.getTitle()).isEqualTo(TITLE);
        assertThat(driver.findElement(By.id("chart-hint")).getText()).contains(LEGEND);
      } finally {
        driver.quit();
      }
    }
  }
}
