package dev.mariposa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.analysis.BatchAnalyzer;
import dev.mariposa.analysis.ModelRegistry;
import dev.mariposa.analysis.indicators.BookFeatures;
import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.bus.EventSchemas;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalysisResultTest {
  private static final long T = 1_726_876_800_000L;
  private static final Agent AGENT = AgentJson.parse(
      new JsonObject().put("id", "momentum-1m").put("symbols", new JsonArray().add("BTCUSDT")), null, Set.of());

  private static ModelInput input(Optional<BookFeatures> book) {
    IndicatorSnapshot indicators = new IndicatorSnapshot("BTCUSDT", "1m", T, T + 59_999, 150, true, 63148.9, 28.4,
        63120.1, 63110.7, 1.2, 0.8, 0.4, 63200, 63100, 63000, 35.5, Double.NaN);
    return new ModelInput(indicators, book, List.of(63120.0, 63148.9), 63148.9, ModelInput.Trigger.BAR);
  }

  private static AnalysisResult analysed(ModelInput input) {
    BatchAnalyzer analyzer = new BatchAnalyzer(ModelRegistry.builtInOnly("not asked here"), "node-a", () -> T + 60_040);
    return analyzer.run(input, List.of(AGENT), T + 60_012).result().get(0);
  }

  /** The body as the analysis built it before it was a record: a JsonObject filled field by field. */
  private static JsonObject todaysBody(ModelInput input, AnalysisResult made) {
    JsonObject body = new JsonObject()
        .put("agentId", AGENT.id()).put("symbol", input.symbol()).put("interval", input.indicators().interval())
        .put("barOpenTime", input.indicators().openTime()).put("barCloseTime", input.indicators().closeTime())
        .put("trigger", "bar").put("action", made.action()).put("confidence", made.confidence())
        .put("agreement", made.agreement()).put("price", input.price()).put("reasons", new JsonArray(made.reasons()))
        .put("models", new JsonArray(made.modelsJson())).put("indicators", input.indicators().toJson())
        .put("notes", new JsonArray(made.notes())).put("instance", "node-a").put("createdAt", T + 60_040)
        .put("latencyMs", 28L);
    input.book().ifPresent(b -> body.put("book", b.toJson()));
    return body;
  }

  @Test
  void theAnalyzerMakesTheRecordWhoseJsonIsTodaysBodyByteForByte() {
    for (Optional<BookFeatures> book : List.of(Optional.<BookFeatures>empty(),
        Optional.of(new BookFeatures(63148.8, 63149.0, 0.03, 0.12, 10)))) {
      ModelInput input = input(book);
      AnalysisResult result = analysed(input);
      assertThat(result.encode()).isEqualTo(todaysBody(input, result).encode());
      assertThat(new JsonArray(result.modelsJson()).getJsonObject(0).getString("model")).isEqualTo("technical");
      assertThat(EventSchemas.get().validate("analysis.result.momentum-1m", result)).isEmpty();
      assertThat(AnalysisResult.fromJson(result.toJson())).isEqualTo(result);
      assertThat(AnalysisResult.fromJson(result.toJson()).encode()).isEqualTo(result.encode());
    }
  }

  @Test
  void theSchemasExampleReadsIntoTheRecordAndBackWithEveryField() throws IOException {
    JsonObject example;
    try (InputStream in = AnalysisResultTest.class.getResourceAsStream("/events/analysis.result.schema.json")) {
      example = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("examples").getJsonObject(0);
    }
    AnalysisResult result = AnalysisResult.fromJson(example);
    assertThat(result.toJson()).isEqualTo(example);
    assertThat(result.actionable()).isTrue();
    assertThat(result.receivedAt()).isEqualTo(result.createdAt());
  }

  @Test
  void aBodyWithoutItsOptionalFieldsStaysWithoutThem() {
    JsonObject minimal = new JsonObject().put("agentId", "a-1").put("symbol", "ETHUSDT").put("interval", "5m")
        .put("barOpenTime", 1L).put("barCloseTime", 2L).put("trigger", "request").put("action", "HOLD")
        .put("confidence", 0.5).put("agreement", 0.5).put("price", 3000.5).put("reasons", new JsonArray().add("\"quoted\""))
        .put("models", new JsonArray()).put("indicators", new JsonObject().put("symbol", "ETHUSDT")).put("createdAt", 3L);
    AnalysisResult result = AnalysisResult.fromJson(minimal);
    assertThat(result.encode()).isEqualTo(minimal.encode());
    assertThat(result.actionable()).isFalse();
  }

  @Test
  void aBodyThatIsNotAnAnalysisResultIsRefused() {
    assertThatThrownBy(() -> AnalysisResult.fromJson(new JsonObject().put("symbol", "BTCUSDT")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an analysis result");
    assertThatThrownBy(() -> RecordFamilies.fromWire("analysis.result.a-1", new JsonObject().put("agentId", "a-1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RecordFamilies.carriesRecords("analysis.result.a-1")).isTrue();
  }
}
