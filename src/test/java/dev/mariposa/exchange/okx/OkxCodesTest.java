package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.PlaceResult.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The OKX code table: every code it gives a meaning to, and some it deliberately leaves final. */
class OkxCodesTest {
  @Test
  void listsWhatEachCodeMeansForAPlacement() {
    Map<String, Outcome> expected = new LinkedHashMap<>();
    expected.put("50011", Outcome.NOT_PLACED); // rate limited
    expected.put("50013", Outcome.NOT_PLACED); // systems busy
    expected.put("50001", Outcome.UNKNOWN);    // service temporarily unavailable: a write may be processed
    expected.put("50004", Outcome.UNKNOWN);    // endpoint request timeout
    expected.put("51149", Outcome.UNKNOWN);    // order timed out
    expected.put("51016", Outcome.DUPLICATE);  // duplicated clOrdId
    for (String rejected : List.of("51008", "51000", "51001", "51020", "51121", "51094", "54000", "51400", "51401",
        "51603", "50101", "50102", "50105", "50111", "50113", "404")) {
      expected.put(rejected, Outcome.REJECTED);
    }
    expected.forEach((code, outcome) ->
        assertThat(OkxCodes.meaning(code).placement()).as(code).isEqualTo(outcome));
    assertThat(OkxCodes.meaning(null).placement()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void listsWhatEachCodeMeansForACancel() {
    Map<String, CancelResult.Outcome> expected = new LinkedHashMap<>();
    expected.put("51400", CancelResult.Outcome.NOT_FOUND);     // filled, canceled or unknown: settled by a lookup
    expected.put("51401", CancelResult.Outcome.ALREADY_FINAL); // already canceled
    expected.put("51402", CancelResult.Outcome.ALREADY_FINAL); // already completed
    expected.put("51410", CancelResult.Outcome.UNKNOWN);       // already cancelling
    expected.put("51412", CancelResult.Outcome.UNKNOWN);       // cancellation timed out
    expected.put("50001", CancelResult.Outcome.UNKNOWN);
    expected.put("50004", CancelResult.Outcome.UNKNOWN);
    expected.forEach((code, outcome) ->
        assertThat(OkxCodes.cancelMeaning(code)).as(code).hasValueSatisfying(m -> assertThat(m.outcome()).isEqualTo(outcome)));
    for (String refusal : List.of("50011", "50013", "51000", "51001", "51003", "51403", "51603", "50113")) {
      assertThat(OkxCodes.cancelMeaning(refusal)).as(refusal + " says nothing of the order").isEmpty();
    }
    assertThat(OkxCodes.cancelMeaning(null)).isEmpty();
  }

  @Test
  void onlyOutagesCountAgainstTheBreaker() {
    for (String code : List.of("50001", "50004", "50013", "51149")) {
      assertThat(OkxCodes.unhealthy(200, code)).as(code).isTrue();
    }
    for (String code : List.of("50011", "51016", "51008", "50113", "51603", "HTTP 404")) {
      assertThat(OkxCodes.unhealthy(200, code)).as(code).isFalse();
    }
    assertThat(OkxCodes.unhealthy(500, "HTTP 500")).isTrue();
    assertThat(OkxCodes.unhealthy(503, "50001")).isTrue();
    assertThat(OkxCodes.unhealthy(429, OkxCodes.RATE_LIMITED)).as("a rate limit is no outage").isFalse();
  }

  @Test
  void the501FamilyIsAConfigurationError() {
    for (String code : List.of("50100", "50101", "50102", "50105", "50111", "50113", "50199")) {
      assertThat(OkxCodes.isConfigError(code)).as(code).isTrue();
    }
    for (String code : List.of("50011", "5011", "501000", "51016", "HTTP 401")) {
      assertThat(OkxCodes.isConfigError(code)).as(code).isFalse();
    }
    assertThat(OkxCodes.configError("50102", "Timestamp request expired"))
        .isEqualTo("OKX configuration error 50102: the request timestamp expired (check this host's clock)"
            + " (Timestamp request expired)");
  }
}
