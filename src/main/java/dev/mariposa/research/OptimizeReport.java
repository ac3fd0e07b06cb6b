package dev.mariposa.research;

import dev.mariposa.command.ReportPage;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report of a search: optimize.json (everything, for scripts) and optimize.html (one
 * self-contained page in the backtest report's look: the JSON and the chart library inlined).
 */
final class OptimizeReport {
  static final String JSON = "optimize.json";
  static final String HTML = "optimize.html";

  private OptimizeReport() {}

  static String html(JsonObject report) {
    return ReportPage.html("research/optimize.html", report);
  }

  static List<Path> write(JsonObject report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve(JSON);
    Path html = dir.resolve(HTML);
    Files.writeString(json, report.encodePrettily());
    Files.writeString(html, html(report));
    return List.of(json, html);
  }
}
