package dev.mariposa.command;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A report as one self-contained HTML page: a template from the class path with the reports'
 * shared style, the chart library and the report's JSON inlined, so it opens from a file, offline.
 */
public final class ReportPage {
  private ReportPage() {}

  /** {@code template} (a class-path resource) with {@code report} in place of "REPORT_JSON". */
  public static String html(String template, JsonObject report) {
    String json = report.encode().replace("</", "<\\/"); // never closes the script element early
    return resource(template)
        .replace("  /*REPORT_CSS*/\n", resource("reports/report.css"))
        .replace("/*LIGHTWEIGHT_CHARTS*/", resource("webroot/vendor/lightweight-charts.standalone.production.js"))
        .replace("\"REPORT_JSON\"", json);
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
