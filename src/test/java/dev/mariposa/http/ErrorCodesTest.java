package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The error codes the API can answer, against what its documents say. {@link ErrorCode} is the
 * one list: ApiError and ApiException take nothing else, and no other source writes an error's
 * code. README.md's "Errors" table must list exactly those codes with their statuses, and
 * openapi.yaml's Error schema must enumerate exactly them: a code added, renamed or removed
 * without its documents fails here.
 */
class ErrorCodesTest {
  private static final Path README = Path.of("README.md");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.*?) *$");
  private static final Pattern ROW = Pattern.compile("^\\| *`([a-z_]+)` *\\| *([0-9x]+) *\\|.*\\|$");

  @Test
  void theReadmesErrorsTableListsEveryCodeWithItsStatusAndNoOther() throws IOException {
    Map<String, String> documented = readmeTable();
    Map<String, String> answered = new LinkedHashMap<>();
    for (ErrorCode code : ErrorCode.values()) {
      answered.put(code.code(), code.statusText());
    }
    assertThat(documented).as("the README's Errors table (code -> status) against ErrorCode")
        .containsExactlyInAnyOrderEntriesOf(answered);
    // The codes issue 18 found missing from the README's list are among them.
    assertThat(documented).containsKeys("invalid_json", "invalid_signal", "conflict", "no_signal", "job_not_found",
        "redis_unavailable", "upstream_unavailable", "unknown_symbol", "version_conflict", "symbol_not_served");
  }

  @Test
  void openApisErrorSchemaEnumeratesEveryCode() throws IOException {
    JsonObject document;
    try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(OpenApiContract.RESOURCE)) {
      document = OpenApiContract.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<Object> enumerated = document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Error")
        .getJsonObject("properties").getJsonObject("error").getJsonObject("properties").getJsonObject("code")
        .getJsonArray("enum").getList();
    assertThat(enumerated).as("openapi.yaml's Error.code enum against ErrorCode")
        .containsExactlyInAnyOrderElementsOf(Stream.of(ErrorCode.values()).map(ErrorCode::code).toList());
  }

  /** No source but ApiError writes an error's code: every answer's code comes from ErrorCode. */
  @Test
  void noSourceWritesAnErrorCodeOfItsOwn() throws IOException {
    List<String> writers = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        // FundingHistory writes OKX's own answer shape ({"code":"0",...}): a venue's file, not an error of ours.
        if (Files.readString(source).contains(".put(\"code\"") && !source.endsWith("ApiError.java")
            && !source.endsWith("FundingHistory.java")) {
          writers.add(source.toString());
        }
      }
    }
    assertThat(writers).as("sources that build an error's code by hand").isEmpty();
  }

  /** The rows of the table under README.md's heading "Errors", code -> status. */
  private static Map<String, String> readmeTable() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int heading = -1;
    for (int i = 0; i < lines.size(); i++) {
      Matcher h = HEADING.matcher(lines.get(i));
      if (h.matches() && h.group(1).equals("Errors")) {
        assertThat(heading).as("one heading 'Errors' in README.md").isEqualTo(-1);
        heading = i;
      }
    }
    assertThat(heading).as("a heading 'Errors' in README.md").isNotNegative();
    Map<String, String> rows = new LinkedHashMap<>();
    for (int i = heading + 1; i < lines.size() && !HEADING.matcher(lines.get(i)).matches(); i++) {
      Matcher row = ROW.matcher(lines.get(i));
      if (row.matches()) {
        assertThat(rows.put(row.group(1), row.group(2))).as("listed twice: " + row.group(1)).isNull();
      }
    }
    return rows;
  }
}
