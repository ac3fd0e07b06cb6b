package dev.mariposa.research;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    String json = report.encode().replace("</", "<\\/"); // never closes the script element early
    return resource("research/optimize.html")
        .replace("/*LIGHTWEIGHT_CHARTS*/", resource("webroot/vendor/lightweight-charts.standalone.production.js"))
        .replace("\"REPORT_JSON\"", json);
  }

  static List<Path> write(JsonObject report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve(JSON);
    Path html = dir.resolve(HTML);
    Files.writeString(json, report.encodePrettily());
    Files.writeString(html, html(report));
    return List.of(json, html);
  }

  private static String resource(String name) {
    try (InputStream in = OptimizeReport.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
