package dev.mariposa.market.swap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.bus.EventSchemas;
import dev.mariposa.testing.FakeOkxSwapMarket;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every recorded OKX swap market sample (REST bodies and WebSocket pushes) read to its exact values. */
class SwapRecordingsTest {

  private static JsonObject samples(String file) throws IOException {
    return new JsonObject(Files.readString(SharedData.require(file)));
  }

  private static JsonObject sample(JsonObject samples, String keyStart) {
    return samples.fieldNames().stream().filter(k -> k.startsWith(keyStart)).findFirst()
        .map(samples::getJsonObject).orElseThrow(() -> new AssertionError("no sample " + keyStart));
  }

  private static JsonObject firstRow(JsonObject body) {
    return body.getJsonArray("data").getJsonObject(0);
  }

  @Test
  void restMarkPrice() throws IOException {
    JsonObject body = sample(samples(FakeOkxSwapMarket.MARKET_SAMPLES), "GET /api/v5/public/mark-price");
    MarkPrice mark = MarkPrice.fromRow(firstRow(body));
    assertThat(mark).isEqualTo(new MarkPrice("BTC-USDT-SWAP", new BigDecimal("84660.1"), 1744590349506L));
  }

  @Test
  void restAndPushedFundingRates() throws IOException {
    JsonObject samples = samples(FakeOkxSwapMarket.FUNDING_SAMPLES);
    FundingRate xrp = FundingRate.fromRow(firstRow(sample(samples, "GET /api/v5/public/funding-rate?instId=XRP")));
    assertThat(xrp).isEqualTo(new FundingRate("XRP-USDT-SWAP", Optional.of(new BigDecimal("0.0000728992871126")),
        Optional.empty(), 1704816000000L, OptionalLong.of(1704844800000L), OptionalLong.of(1704802262047L)));

    FundingRate old = FundingRate.fromRow(firstRow(sample(samples, "GET /api/v5/public/funding-rate?instId=BTC-USD")));
    assertThat(old).as("the 2021 field set: a forecast, no ts").isEqualTo(new FundingRate("BTC-USD-SWAP",
        Optional.of(new BigDecimal("0.00027815")), Optional.of(new BigDecimal("0.00017")), 1634256000000L,
        OptionalLong.of(1634284800000L), OptionalLong.empty()));

    FundingRate nextPeriod = FundingRate.fromRow(sample(samples, "funding-rate data element, BTC-USD-SWAP"));
    assertThat(nextPeriod.rate()).contains(new BigDecimal("0.0001875391284828"));
    assertThat(nextPeriod.nextRate()).contains(new BigDecimal("0.0002608059239328"));
    assertThat(nextPeriod.fundingTime()).isEqualTo(1700726400000L);
    assertThat(nextPeriod.nextFundingTime()).hasValue(1700755200000L);
    assertThat(nextPeriod.ts()).hasValue(1700724675402L);

    FundingRate demo = FundingRate.fromRow(sample(samples, "funding-rate data element, BTC-USDT-SWAP"));
    assertThat(demo).isEqualTo(new FundingRate("BTC-USDT-SWAP", Optional.of(new BigDecimal("-0.0000256984705178")),
        Optional.empty(), 1715356800000L, OptionalLong.of(1715385600000L), OptionalLong.of(1715336104384L)));
  }

  @Test
  void pushedMarkIndexAndFunding() throws IOException {
    JsonObject ws = samples(FakeOkxSwapMarket.WS_SAMPLES);
    assertThat(MarkPrice.fromRow(firstRow(sample(ws, "mark-price WNCG-USDT-SWAP"))))
        .isEqualTo(new MarkPrice("WNCG-USDT-SWAP", new BigDecimal("2.1729"), 1640131259180L));
    assertThat(IndexPrice.fromRow(firstRow(sample(ws, "index-tickers WNCG-USDT"))))
        .isEqualTo(new IndexPrice("WNCG-USDT", new BigDecimal("2.1675"), 1640131290649L));
    assertThat(IndexPrice.fromRow(firstRow(sample(ws, "index-tickers BTC-USD |"))))
        .isEqualTo(new IndexPrice("BTC-USD", new BigDecimal("27938.9"), 1681041600310L));
    assertThat(IndexPrice.fromRow(firstRow(sample(ws, "index-tickers BTC-USDC"))))
        .isEqualTo(new IndexPrice("BTC-USDC", new BigDecimal("28621.8"), 1681992000093L));
    assertThat(FundingRate.fromRow(firstRow(sample(ws, "funding-rate WNCG-USDT-SWAP"))))
        .isEqualTo(new FundingRate("WNCG-USDT-SWAP", Optional.of(new BigDecimal("0.00048105")),
            Optional.of(new BigDecimal("0.00114")), 1640131200000L, OptionalLong.empty(), OptionalLong.empty()));
    assertThat(FundingRate.fromRow(firstRow(sample(ws, "funding-rate SOS-USDT-SWAP"))))
        .as("newly listed: no rate yet, never a zero").isEqualTo(new FundingRate("SOS-USDT-SWAP", Optional.empty(),
            Optional.of(new BigDecimal("0.0003")), 1640851200000L, OptionalLong.empty(), OptionalLong.empty()));
  }

  @Test
  void malformedRowsNameTheirField() {
    assertThatThrownBy(() -> MarkPrice.fromRow(new JsonObject().put("instId", "BTC-USDT-SWAP").put("ts", "1")))
        .hasMessage("OKX mark price of BTC-USDT-SWAP: markPx is missing");
    assertThatThrownBy(() -> MarkPrice.fromRow(new JsonObject().put("instId", "BTC-USDT-SWAP").put("markPx", "abc")
        .put("ts", "1"))).hasMessage("OKX mark price of BTC-USDT-SWAP: markPx 'abc' is not a decimal");
    assertThatThrownBy(() -> IndexPrice.fromRow(new JsonObject().put("instId", "BTC-USDT").put("idxPx", "0")
        .put("ts", "1"))).hasMessageContaining("idxPx '0' is not positive");
    assertThatThrownBy(() -> FundingRate.fromRow(new JsonObject().put("instId", "BTC-USDT-SWAP")
        .put("fundingRate", "0.0001"))).hasMessage("OKX funding rate of BTC-USDT-SWAP: fundingTime is missing");
  }

  @Test
  void recordedFundingHistoryLoadsOldestFirstAndWritesBackInOkxShape(@TempDir Path dir) throws IOException {
    FundingHistory history = FundingHistory.load(SharedData.require(FakeOkxSwapMarket.FUNDING_HISTORY));
    assertThat(history.instId()).isEqualTo("BTC-USDT-SWAP");
    assertThat(history.rows()).containsExactly(
        new FundingRow(1704038400000L, new BigDecimal("-0.0000236017"), Optional.of(new BigDecimal("-0.00002"))),
        new FundingRow(1704067200000L, new BigDecimal("0.0001515032"), Optional.of(new BigDecimal("0.00015"))));
    assertThat(history.rows().get(1).settledRate()).isEqualByComparingTo("0.00015");
    assertThat(history.between(1704038400000L, 1704067200000L)).as("(from, to]").extracting(FundingRow::fundingTime)
        .containsExactly(1704067200000L);

    Path copy = dir.resolve("funding.json");
    history.write(copy);
    assertThat(FundingHistory.load(copy).rows()).isEqualTo(history.rows());
    JsonObject written = new JsonObject(Files.readString(copy));
    assertThat(written.getJsonArray("data").getJsonObject(0).getString("fundingTime")).as("newest first, as OKX")
        .isEqualTo("1704067200000");
    assertThat(written.getJsonArray("data").getJsonObject(0).getString("fundingRate")).isEqualTo("0.0001515032");
  }

  @Test
  void badHistoryFilesAreRefusedWithTheirName(@TempDir Path dir) throws IOException {
    Path error = dir.resolve("error.json");
    Files.writeString(error, "{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}");
    assertThatThrownBy(() -> FundingHistory.load(error)).isInstanceOf(IOException.class)
        .hasMessageContaining("error.json").hasMessageContaining("51001");
    Path mixed = dir.resolve("mixed.json");
    Files.writeString(mixed, "{\"code\":\"0\",\"data\":[{\"instId\":\"A-USDT-SWAP\",\"fundingRate\":\"0.1\","
        + "\"fundingTime\":\"1\"},{\"instId\":\"B-USDT-SWAP\",\"fundingRate\":\"0.1\",\"fundingTime\":\"2\"}]}");
    assertThatThrownBy(() -> FundingHistory.load(mixed)).hasMessageContaining("mixes A-USDT-SWAP and B-USDT-SWAP");
  }

  @Test
  void marksMergeByTimeAndTheirJsonIsTheSchemasAndReadsBack() {
    SwapMarks marks = SwapMarks.empty("BTCUSDT")
        .with(new MarkPrice("BTC-USDT-SWAP", new BigDecimal("84660.1"), 1744590349506L), 1744590349521L)
        .with(new IndexPrice("BTC-USDT", new BigDecimal("84652.30"), 1744590349400L), 1744590349530L)
        .with(new FundingRate("BTC-USDT-SWAP", Optional.of(new BigDecimal("-0.0000256984705178")), Optional.empty(),
            1744617600000L, OptionalLong.of(1744646400000L), OptionalLong.of(1744590300000L)), 1744590349540L);
    SwapMarks older = marks.with(new MarkPrice("BTC-USDT-SWAP", new BigDecimal("1"), 1744590349000L), 1744590349550L);
    assertThat(older.mark()).as("an older mark does not replace a newer").isEqualTo(marks.mark());
    assertThat(older.receivedAt()).isEqualTo(1744590349550L);

    JsonObject json = marks.toJson();
    assertThat(json.encode()).contains("\"markPx\":84660.1", "\"idxPx\":84652.3", "\"fundingRate\":-0.0000256984705178");
    assertThat(EventSchemas.get().validate("market.swap.BTCUSDT", new JsonObject(json.encode()))).isEmpty();
    SwapMarks back = SwapMarks.fromJson(new JsonObject(json.encode()));
    assertThat(back.mark().get().markPx()).isEqualByComparingTo("84660.1");
    assertThat(back.funding().get().rate().get()).isEqualByComparingTo("-0.0000256984705178");
    assertThat(back.funding().get().nextRate()).isEmpty();
    assertThat(back.index().get().instId()).isEqualTo("BTC-USDT");
    assertThat(EventSchemas.get().validate("market.swap.BTCUSDT", SwapMarks.empty("BTCUSDT").toJson())).isEmpty();
    assertThat(EventSchemas.get().validate("market.swap.BTCUSDT", json.copy().put("markPx", "84660.1")))
        .singleElement().asString().startsWith("/markPx:");
  }

  @Test
  void basisIsMarkOverSpotMid() {
    SwapMarks marks = SwapMarks.empty("BTCUSDT")
        .with(new MarkPrice("BTC-USDT-SWAP", new BigDecimal("84660.1"), 1L), 1L);
    assertThat(SwapMarketReader.basis(marks, new BigDecimal("84600.05")))
        .hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("0.0007098104552")); // 60.05 / 84600.05
    assertThat(SwapMarketReader.basis(SwapMarks.empty("BTCUSDT"), BigDecimal.TEN)).isEmpty();
    assertThat(SwapMarketReader.basis(marks, BigDecimal.ZERO)).isEmpty();
  }

  @Test
  void symbolsMapToSwapsAndIndexes() {
    assertThat(SwapSymbols.instId("btcusdt")).isEqualTo("BTC-USDT-SWAP");
    assertThat(SwapSymbols.indexInstId("ETHUSDC")).isEqualTo("ETH-USDC");
    assertThat(SwapSymbols.symbol("WNCG-USDT-SWAP")).isEqualTo("WNCGUSDT");
    assertThatThrownBy(() -> SwapSymbols.symbol("BTC-USDT")).hasMessageContaining("like BTC-USDT-SWAP");
    assertThatThrownBy(() -> SwapSymbols.instId("BTCXYZ")).isInstanceOf(IllegalArgumentException.class);
  }
}
