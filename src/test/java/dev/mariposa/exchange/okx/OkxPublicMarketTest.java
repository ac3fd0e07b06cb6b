package dev.mariposa.exchange.okx;

import static dev.mariposa.testing.OkxAdapters.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.market.swap.FundingHistory;
import dev.mariposa.market.swap.FundingRate;
import dev.mariposa.market.swap.FundingRow;
import dev.mariposa.market.swap.IndexPrice;
import dev.mariposa.market.swap.MarkPrice;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkxSwapMarket;
import dev.mariposa.testing.OkxAdapters;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OkxPublicMarket against FakeOkx answering OKX's recorded swap market data over real HTTP. */
@ExtendWith(VertxExtension.class)
class OkxPublicMarketTest {
  private static final long EIGHT_HOURS = 8 * 3_600_000L;

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @RegisterExtension
  final OkxAdapters adapters = OkxAdapters.on(redis,
      new FakeOkx.Credentials("fake-okx-key-7c1d", "fake-okx-secret-UHVibGlj", "fake-okx-pass-Zk93"));

  private OkxPublicMarket market;

  @BeforeEach
  void start() {
    SharedData.require(FakeOkxSwapMarket.FUNDING_SAMPLES);
    // A demo-trading configuration with keys: the public reads must use neither.
    market = new OkxPublicMarket(adapters.vertx(), adapters.config("fake-okx-secret-UHVibGlj"), adapters.limiter(),
        adapters.keys());
  }

  @AfterEach
  void close() {
    market.close().await();
  }

  private FakeOkxSwapMarket fake() {
    return adapters.fake().swapMarket();
  }

  @Test
  void readsTheRecordedMarkFundingAndIndexExactlyUnsignedAndNotOnDemo() {
    assertThat(market.markPrice("BTC-USDT-SWAP").await())
        .isEqualTo(new MarkPrice("BTC-USDT-SWAP", new BigDecimal("84660.1"), 1744590349506L));
    assertThat(market.fundingRate("XRP-USDT-SWAP").await())
        .isEqualTo(new FundingRate("XRP-USDT-SWAP", Optional.of(new BigDecimal("0.0000728992871126")), Optional.empty(),
            1704816000000L, OptionalLong.of(1704844800000L), OptionalLong.of(1704802262047L)));
    assertThat(market.indexTicker("BTC-USDC").await())
        .isEqualTo(new IndexPrice("BTC-USDC", new BigDecimal("28621.8"), 1681992000093L));
    assertThat(fake().queries()).containsExactly("/api/v5/public/mark-price?instType=SWAP&instId=BTC-USDT-SWAP",
        "/api/v5/public/funding-rate?instId=XRP-USDT-SWAP", "/api/v5/market/index-tickers?instId=BTC-USDC");
    assertThat(fake().demoHeaders()).as("live market data: no demo header").containsOnly("");
  }

  @Test
  void okxErrorsAndUnreadableAnswersFailClearly() {
    Throwable unknown = failure(market.markPrice("NOPE-USDT-SWAP"));
    assertThat(unknown).isInstanceOf(OkxException.class).hasMessageContaining("mark price of NOPE-USDT-SWAP")
        .hasMessageContaining("51001").hasMessageContaining("Instrument ID does not exist");
    assertThat(((OkxException) unknown).code()).isEqualTo("51001");

    fake().answerOnce(FakeOkxSwapMarket.FUNDING_RATE_PATH, "{\"code\":\"0\",\"data\":[{\"instId\":\"XRP");
    Throwable cut = failure(market.fundingRate("XRP-USDT-SWAP"));
    assertThat(((OkxException) cut).code()).isEqualTo("BODY");
    assertThat(cut).hasMessageContaining("not JSON");

    fake().answerOnce(FakeOkxSwapMarket.MARK_PRICE_PATH,
        "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instType\":\"SWAP\",\"instId\":\"BTC-USDT-SWAP\",\"ts\":\"1744590349506\"}]}");
    Throwable noPrice = failure(market.markPrice("BTC-USDT-SWAP"));
    assertThat(((OkxException) noPrice).code()).isEqualTo("BODY");
    assertThat(noPrice).hasMessageContaining("markPx is missing");

    fake().answerOnce(FakeOkxSwapMarket.INDEX_TICKERS_PATH, "{\"code\":\"0\",\"msg\":\"\",\"data\":[]}");
    assertThat(((OkxException) failure(market.indexTicker("BTC-USDC"))).code()).isEqualTo("NO_DATA");

    fake().answerOnce(FakeOkxSwapMarket.MARK_PRICE_PATH, "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}");
    assertThat(failure(market.markPrice("BTC-USDT-SWAP"))).hasMessageContaining("50011")
        .hasMessageContaining("Too Many Requests");
    assertThat(market.markPrice("BTC-USDT-SWAP").await().markPx()).as("nothing cached, nothing broken")
        .isEqualByComparingTo("84660.1");
  }

  /** The 2 recorded rows and 250 older ones generated 8 h apart (rates made up), paged back 100 at a time. */
  @Test
  void fundingHistoryIsPagedBackwardsToItsStart() {
    SharedData.require(FakeOkxSwapMarket.FUNDING_HISTORY);
    long oldestRecorded = 1704038400000L;
    List<JsonObject> generated = new ArrayList<>();
    for (int k = 1; k <= 250; k++) {
      generated.add(new JsonObject().put("instType", "SWAP").put("instId", "BTC-USDT-SWAP")
          .put("fundingRate", "0.0000" + (1000 + k)).put("realizedRate", "0.0000" + (1000 + k))
          .put("fundingTime", Long.toString(oldestRecorded - k * EIGHT_HOURS)));
    }
    fake().addFundingHistory(generated);
    long since = oldestRecorded - 200 * EIGHT_HOURS;

    FundingHistory history = market.fundingHistory("BTC-USDT-SWAP", since).await();
    assertThat(history.rows()).hasSize(202);
    assertThat(history.rows().get(0)).isEqualTo(new FundingRow(since, new BigDecimal("0.00001200"),
        Optional.of(new BigDecimal("0.00001200"))));
    assertThat(history.rows().get(201).fundingTime()).isEqualTo(1704067200000L);
    assertThat(history.rows().get(201).rate()).isEqualByComparingTo("0.0001515032");
    assertThat(fake().queries()).containsExactly(
        "/api/v5/public/funding-rate-history?instId=BTC-USDT-SWAP&limit=100",
        "/api/v5/public/funding-rate-history?instId=BTC-USDT-SWAP&after=" + (oldestRecorded - 98 * EIGHT_HOURS) + "&limit=100",
        "/api/v5/public/funding-rate-history?instId=BTC-USDT-SWAP&after=" + (oldestRecorded - 198 * EIGHT_HOURS) + "&limit=100");

  }

  @Test
  void thePagerStopsAtAnEmptyPageAndRefusesOneThatDoesNotGoBack() {
    FundingRow row = new FundingRow(1704067200000L, new BigDecimal("0.0001"));
    List<OptionalLong> asked = new ArrayList<>();
    FundingHistory all = FundingHistory.download("BTC-USDT-SWAP", 0, 10, after -> {
      asked.add(after);
      return io.vertx.core.Future.succeededFuture(after.isEmpty() ? List.of(row) : List.of());
    }).await();
    assertThat(all.rows()).containsExactly(row);
    assertThat(asked).containsExactly(OptionalLong.empty(), OptionalLong.of(1704067200000L));

    Throwable loop = failure(FundingHistory.download("BTC-USDT-SWAP", 0, 10,
        after -> io.vertx.core.Future.succeededFuture(List.of(row))));
    assertThat(loop).hasMessageContaining("did not go back in time");
  }
}
