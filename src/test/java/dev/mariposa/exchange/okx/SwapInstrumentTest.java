package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.SharedData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SwapInstrument read from OKX's real SWAP listings of 2022 and 2025, its conversions checked by hand. */
class SwapInstrumentTest {

  @Test
  void readsBtcUsdtSwapOf2022() throws IOException {
    SwapInstrument btc = SwapInstrument.fromRow(row(FakeOkx.SWAPS_2022, "BTC-USDT-SWAP"));
    assertThat(btc.instFamily()).as("uly, before OKX had instFamily").isEqualTo("BTC-USDT");
    assertThat(btc.linear()).isTrue();
    assertThat(btc.settleCcy()).isEqualTo("USDT");
    assertThat(btc.ctValCcy()).isEqualTo("BTC");
    assertThat(btc.baseCcy()).isEqualTo("BTC");
    assertThat(btc.ctVal()).isEqualByComparingTo("0.01");
    assertThat(btc.ctMult()).isEqualByComparingTo("1");
    assertThat(btc.lotSz()).isEqualByComparingTo("1");
    assertThat(btc.minSz()).isEqualByComparingTo("1");
    assertThat(btc.tickSz()).isEqualByComparingTo("0.1");
    assertThat(btc.maxLeverage()).isEqualTo(125);
    assertThat(btc.live()).isTrue();
    assertThat(btc.contractSize()).isEqualByComparingTo("0.01");
  }

  @Test
  void convertsBtcUsdtSwapOf2022InWholeContracts() throws IOException {
    SwapInstrument btc = SwapInstrument.fromRow(row(FakeOkx.SWAPS_2022, "BTC-USDT-SWAP"));
    // 0.05 BTC / 0.01 BTC a contract = 5 contracts, and back.
    assertThat(btc.contracts(new BigDecimal("0.05"))).isEqualTo(new BigDecimal("5"));
    assertThat(btc.baseQuantity(new BigDecimal("5"))).isEqualTo(new BigDecimal("0.05"));
    // 0.0567 BTC = 5.67 contracts, down to the lot of 1: 5, which is 0.05 BTC.
    assertThat(btc.contracts(new BigDecimal("0.0567"))).isEqualTo(new BigDecimal("5"));
    assertThat(btc.contracts(new BigDecimal("1.23456"))).isEqualTo(new BigDecimal("123"));
    assertThat(btc.baseQuantity(btc.contracts(new BigDecimal("1.23456")))).isEqualTo(new BigDecimal("1.23"));
    assertThat(btc.contracts(new BigDecimal("0.01"))).as("exactly the minimum").isEqualTo(BigDecimal.ONE);
    assertThatThrownBy(() -> btc.contracts(new BigDecimal("0.0099")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("0.0099 BTC rounds down to 0 contracts of BTC-USDT-SWAP (0.01 BTC each, in lots of 1), "
            + "below its minimum of 1 contracts (0.01 BTC)");
    assertThatThrownBy(() -> btc.contracts(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void convertsBtcUsdtSwapOf2025InHundredthsOfAContract() throws IOException {
    SwapInstrument btc = SwapInstrument.fromRow(row(FakeOkx.SWAPS_2025, "BTC-USDT-SWAP"));
    assertThat(btc.instFamily()).isEqualTo("BTC-USDT");
    assertThat(btc.lotSz()).isEqualByComparingTo("0.01");
    assertThat(btc.minSz()).isEqualByComparingTo("0.01");
    assertThat(btc.maxLeverage()).isEqualTo(100);
    // 0.05678 BTC = 5.678 contracts, down to the lot of 0.01: 5.67, which is 0.0567 BTC.
    assertThat(btc.contracts(new BigDecimal("0.05678"))).isEqualTo(new BigDecimal("5.67"));
    assertThat(btc.baseQuantity(new BigDecimal("5.67"))).isEqualTo(new BigDecimal("0.0567"));
    assertThat(btc.contracts(new BigDecimal("0.0001"))).as("0.01 contracts, the minimum").isEqualTo(new BigDecimal("0.01"));
    assertThatThrownBy(() -> btc.contracts(new BigDecimal("0.00009")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below its minimum of 0.01 contracts (0.0001 BTC)");

    SwapInstrument eth = SwapInstrument.fromRow(row(FakeOkx.SWAPS_2025, "ETH-USDT-SWAP"));
    // 0.1 ETH a contract: 1.2345 ETH = 12.345 contracts, down to 12.34, which is 1.234 ETH.
    assertThat(eth.contracts(new BigDecimal("1.2345"))).isEqualTo(new BigDecimal("12.34"));
    assertThat(eth.baseQuantity(new BigDecimal("12.34"))).isEqualTo(new BigDecimal("1.234"));
  }

  @Test
  void roundsPricesToTheTick() throws IOException {
    SwapInstrument btc = SwapInstrument.fromRow(row(FakeOkx.SWAPS_2022, "BTC-USDT-SWAP"));
    assertThat(btc.roundPrice(new BigDecimal("30123.456"), RoundingMode.DOWN)).isEqualTo(new BigDecimal("30123.4"));
    assertThat(btc.roundPrice(new BigDecimal("30123.456"), RoundingMode.UP)).isEqualTo(new BigDecimal("30123.5"));
    assertThat(btc.roundPrice(new BigDecimal("30123.4"), RoundingMode.UP)).isEqualTo(new BigDecimal("30123.4"));
    assertThatThrownBy(() -> btc.roundPrice(new BigDecimal("0.05"), RoundingMode.DOWN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rounds to zero on its tick 0.1");
    SwapInstrument doge = SwapInstrument.fromRow(row(FakeOkx.SWAPS_2022, "DOGE-USDT-SWAP"));
    assertThat(doge.tickSz()).isEqualByComparingTo("0.000001");
    assertThat(doge.roundPrice(new BigDecimal("0.0812345678"), RoundingMode.HALF_EVEN))
        .isEqualTo(new BigDecimal("0.081235"));
    // 1000 DOGE a contract: 2500 DOGE = 2.5 contracts, down to 2, which is 2000 DOGE.
    assertThat(doge.contracts(new BigDecimal("2500"))).isEqualTo(new BigDecimal("2"));
    assertThat(doge.baseQuantity(new BigDecimal("2"))).isEqualTo(new BigDecimal("2000"));
  }

  @Test
  void refusesToSizeAnInverseSwapInItsBaseCurrency() throws IOException {
    for (String listing : new String[] {FakeOkx.SWAPS_2022, FakeOkx.SWAPS_2025}) {
      SwapInstrument inverse = SwapInstrument.fromRow(row(listing, "BTC-USD-SWAP"));
      assertThat(inverse.linear()).isFalse();
      assertThat(inverse.ctValCcy()).isEqualTo("USD");
      assertThat(inverse.settleCcy()).isEqualTo("BTC");
      assertThat(inverse.ctVal()).isEqualByComparingTo("100");
      assertThatThrownBy(() -> inverse.contracts(new BigDecimal("0.01")))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessage("BTC-USD-SWAP is an inverse swap: a contract is worth 100 USD, so its size in BTC changes "
              + "with the price; Mariposa sizes linear (USDT-margined) swaps only");
      assertThatThrownBy(() -> inverse.baseQuantity(BigDecimal.ONE)).isInstanceOf(UnsupportedOperationException.class);
      assertThat(inverse.roundPrice(new BigDecimal("29000.06"), RoundingMode.DOWN)).isEqualTo(new BigDecimal("29000"));
    }
  }

  @Test
  void readsEverySwapOkxListedIn2022() throws IOException {
    JsonArray rows = new JsonObject(Files.readString(SharedData.require(FakeOkx.SWAPS_2022))).getJsonArray("data");
    assertThat(rows).hasSize(166);
    int linear = 0;
    for (int i = 0; i < rows.size(); i++) {
      SwapInstrument swap = SwapInstrument.fromRow(rows.getJsonObject(i));
      if (swap.linear()) {
        linear++;
        assertThat(swap.ctValCcy()).as(swap.instId()).isEqualTo(swap.baseCcy());
        assertThat(swap.baseQuantity(swap.minSz())).as(swap.instId()).isPositive();
      }
    }
    assertThat(linear).isEqualTo(126);
  }

  @Test
  void refusesMalformedRowsNamingTheField() throws IOException {
    JsonObject good = row(FakeOkx.SWAPS_2025, "BTC-USDT-SWAP");
    assertMalformed(good.copy().put("ctVal", "abc"), "ctVal 'abc' is not a number");
    assertMalformed(good.copy().put("lotSz", "0"), "lotSz must be positive");
    assertMalformed(good.copy().put("lever", ""), "lever is missing");
    assertMalformed(good.copy().put("lever", "12.5"), "lever '12.5' is not a whole number");
    assertMalformed(good.copy().put("ctType", "quanto"), "ctType 'quanto'");
    assertMalformed(good.copy().put("instType", "SPOT"), "instType is SPOT, not SWAP");
    assertMalformed(good.copy().put("instFamily", "").put("uly", ""), "uly is missing");
  }

  @Test
  void readsAnInstrumentsAnswer() throws IOException {
    JsonObject good = row(FakeOkx.SWAPS_2025, "BTC-USDT-SWAP");
    Attempt<SwapInstrument> read = OkxSwapInstruments.read(answer(good), "BTC-USDT-SWAP");
    assertThat(read.error()).isNull();
    assertThat(read.value().lotSz()).isEqualByComparingTo("0.01");

    Attempt<SwapInstrument> malformed = OkxSwapInstruments.read(answer(good.copy().put("tickSz", "x")), "BTC-USDT-SWAP");
    assertThat(malformed.error()).isInstanceOf(OkxException.class)
        .hasMessage("OKX swap instrument BTC-USDT-SWAP: tickSz 'x' is not a number");
    assertThat(malformed.unhealthy()).isFalse();

    Attempt<SwapInstrument> other = OkxSwapInstruments.read(answer(good), "ETH-USDT-SWAP");
    assertThat(((OkxException) other.error()).code()).isEqualTo("51001");

    Attempt<SwapInstrument> noJson = OkxSwapInstruments.read(new Reply(200, Buffer.buffer("{\"code\":\"0\",\"da")),
        "BTC-USDT-SWAP");
    assertThat(((OkxException) noJson.error()).code()).isEqualTo("BODY");
    Attempt<SwapInstrument> noData = OkxSwapInstruments.read(new Reply(200, Buffer.buffer("{\"code\":\"0\"}")),
        "BTC-USDT-SWAP");
    assertThat(noData.error()).hasMessageContaining("no data list");
  }

  private static void assertMalformed(JsonObject row, String message) {
    assertThatThrownBy(() -> SwapInstrument.fromRow(row)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OKX swap instrument BTC-USDT-SWAP: ").hasMessageContaining(message);
  }

  private static Reply answer(JsonObject row) {
    return new Reply(200, Buffer.buffer(new JsonObject().put("code", "0").put("msg", "")
        .put("data", new JsonArray().add(row)).encode()));
  }

  private static JsonObject row(String listing, String instId) throws IOException {
    JsonArray rows = new JsonObject(Files.readString(SharedData.require(listing))).getJsonArray("data");
    for (int i = 0; i < rows.size(); i++) {
      if (instId.equals(rows.getJsonObject(i).getString("instId"))) {
        return rows.getJsonObject(i);
      }
    }
    throw new AssertionError(instId + " is not in " + listing);
  }
}
