package dev.mariposa.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Objectives: the single metrics, the weighted mix, its limits and the minimum of round trips. */
class ObjectiveTest {
  private static JsonObject figures(double returnPct, double sharpe, double sortino, Double profitFactor, double maxDd,
                                    int trips, int wins) {
    return new JsonObject().put("returnPct", new BigDecimal(String.valueOf(returnPct))).put("sharpe", sharpe)
        .put("sortino", sortino).put("profitFactor", profitFactor).put("maxDrawdownPctMarked", maxDd)
        .put("roundTrips", trips).put("wins", wins).put("winRatePct", trips == 0 ? 0 : 100.0 * wins / trips);
  }

  @Test
  void singleMetrics() throws Exception {
    JsonObject f = figures(4.5, 0.12, 0.3, 1.8, 6, 40, 22);
    assertThat(Objective.parse("return", 0).score(f).value()).isEqualTo(4.5);
    assertThat(Objective.parse("sharpe", 0).score(f).value()).isEqualTo(0.12);
    assertThat(Objective.parse("sortino", 0).score(f).value()).isEqualTo(0.3);
    assertThat(Objective.parse("profit-factor", 0).score(f).value()).isEqualTo(1.8);
    assertThat(Objective.parse("sharpe", 0).score(f).rejected()).isNull();
  }

  @Test
  void aProfitFactorWithoutLossesIsCappedAndWithoutWinsIsZero() throws Exception {
    Objective pf = Objective.parse("profit-factor", 0);
    assertThat(pf.score(figures(3, 0.1, 0.1, null, 1, 5, 5)).value()).isEqualTo(Objective.PROFIT_FACTOR_CAP);
    assertThat(pf.score(figures(0, 0, 0, null, 0, 0, 0)).value()).isZero();
  }

  @Test
  void aMixWeighsAndItsLimitsReject() throws Exception {
    Objective mix = Objective.parse("mix:sharpe=1,return=0.02,maxdd<=20", 0);
    Objective.Score ok = mix.score(figures(10, 0.2, 0.3, 2.0, 12, 30, 18));
    assertThat(ok.value()).isCloseTo(0.2 + 0.02 * 10, within(1e-12));
    assertThat(ok.rejected()).isNull();
    Objective.Score capped = mix.score(figures(30, 0.5, 0.6, 3.0, 25.5, 30, 20));
    assertThat(capped.value()).isCloseTo(0.5 + 0.02 * 30, within(1e-12)); // scored all the same, and shown
    assertThat(capped.rejected()).contains("maxdd 25.5 breaks maxdd<=20");
    Objective floor = Objective.parse("mix:return=1,trades>=10", 0);
    assertThat(floor.score(figures(1, 0, 0, 1.0, 1, 9, 5)).rejected()).contains("trades 9 breaks trades>=10");
  }

  @Test
  void fewerRoundTripsThanTheMinimumReject() throws Exception {
    Objective sharpe = Objective.parse("sharpe", 5);
    assertThat(sharpe.score(figures(1, 0.3, 0.3, 2.0, 1, 4, 3)).rejected()).contains("4 round trips, fewer than --min-trades 5");
    assertThat(sharpe.score(figures(1, 0.3, 0.3, 2.0, 1, 5, 3)).rejected()).isNull();
    assertThat(sharpe.describe()).isEqualTo("sharpe (min trades 5)");
  }

  @Test
  void rankingPutsAcceptedFirstThenRejectedThenFailed() {
    Trial rejectedHigh = new Trial("all", "0-0", new JsonObject(), 9.0, "maxdd", new JsonObject(), null, 0, null);
    Trial acceptedLow = new Trial("all", "0-1", new JsonObject(), -1.0, null, new JsonObject(), null, 0, null);
    Trial acceptedHigh = new Trial("all", "0-2", new JsonObject(), 2.0, null, new JsonObject(), null, 0, null);
    Trial tie = new Trial("all", "0-10", new JsonObject(), 2.0, null, new JsonObject(), null, 0, null);
    Trial failed = new Trial("all", "1-0", new JsonObject(), null, null, null, "invalid", 0, null);
    assertThat(Stream.of(failed, rejectedHigh, tie, acceptedLow, acceptedHigh).sorted(Trial.RANKING))
        .containsExactly(acceptedHigh, tie, acceptedLow, rejectedHigh, failed);
  }

  @Test
  void badSpecsAreRefused() {
    assertThatThrownBy(() -> Objective.parse("calmar", 0)).hasMessageContaining("expected return, sharpe");
    assertThatThrownBy(() -> Objective.parse("mix:alpha=1", 0)).hasMessageContaining("alpha is not a metric");
    assertThatThrownBy(() -> Objective.parse("mix:maxdd<=20", 0)).hasMessageContaining("at least one weighted metric");
    assertThatThrownBy(() -> Objective.parse("mix:sharpe=x", 0)).hasMessageContaining("is not METRIC=WEIGHT");
    assertThatThrownBy(() -> Objective.parse("mix:sharpe=1,sharpe=2", 0)).hasMessageContaining("weighted twice");
  }
}
