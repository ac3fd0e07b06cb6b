package dev.mariposa.exchange.okx;

import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkx.Call;
import dev.mariposa.testing.FakeOkx.Fault;
import dev.mariposa.testing.OkxAdapters;
import static dev.mariposa.testing.OkxAdapters.failure;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestRedis;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

/** OkxExchange.swapInstrument against FakeOkx serving OKX's recorded SWAP listings over real HTTP. */
@ExtendWith(VertxExtension.class)
class OkxSwapInstrumentsTest {
  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @RegisterExtension
  final OkxAdapters adapters = OkxAdapters.on(redis,
      new FakeOkx.Credentials("fake-okx-key-5a2b", "fake-okx-secret-U3dhcHM", "fake-okx-pass-Qm41"));

  @Test
  void readsAndCachesTheSwapOf2022() {
    SharedData.require(FakeOkx.SWAPS_2022);
    OkxExchange okx = adapters.exchange();
    SwapInstrument btc = okx.swapInstrument("BTC-USDT-SWAP").await();
    assertThat(btc.ctVal()).isEqualByComparingTo("0.01");
    assertThat(btc.lotSz()).isEqualByComparingTo("1");
    assertThat(btc.maxLeverage()).isEqualTo(125);
    assertThat(okx.swapInstrument("BTC-USDT-SWAP").await()).isSameAs(btc);
    assertThat(okx.swapInstrument("btc-usdt-swap").await()).isSameAs(btc);
    assertThat(adapters.fake().instrumentRequests()).as("one request for three lookups").isEqualTo(1);
    assertThat(okx.instrument("BTCUSDT").await().lotSize()).as("spot still answers spot")
        .isEqualByComparingTo("0.00000001");
  }

  @Test
  void readsTheSwapOf2025() {
    SharedData.require(FakeOkx.SWAPS_2025);
    adapters.fake().swapListing(FakeOkx.SWAPS_2025);
    SwapInstrument btc = adapters.exchange().swapInstrument("BTC-USDT-SWAP").await();
    assertThat(btc.lotSz()).isEqualByComparingTo("0.01");
    assertThat(btc.maxLeverage()).isEqualTo(100);
    assertThat(btc.instFamily()).isEqualTo("BTC-USDT");
  }

  @Test
  void refusesAnUnknownOrMalformedInstrumentWithoutCachingTheFailure() {
    SharedData.require(FakeOkx.SWAPS_2022);
    OkxExchange okx = adapters.exchange();
    Throwable unknown = failure(okx.swapInstrument("NOPE-USDT-SWAP"));
    assertThat(unknown).isInstanceOf(OkxException.class).hasMessageContaining("NOPE-USDT-SWAP");
    assertThat(((OkxException) unknown).code()).isEqualTo("51001");
    failure(okx.swapInstrument("NOPE-USDT-SWAP"));
    assertThat(adapters.fake().instrumentRequests()).as("failures are not cached").isEqualTo(2);

    Throwable notSwap = failure(okx.swapInstrument("BTC-USDT"));
    assertThat(notSwap).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("like BTC-USDT-SWAP");
    assertThat(adapters.fake().instrumentRequests()).as("nothing sent for a bad id").isEqualTo(2);

    adapters.fake().planFaults(Call.INSTRUMENTS, Fault.MALFORMED);
    Throwable malformed = failure(okx.swapInstrument("ETH-USDT-SWAP"));
    assertThat(malformed).isInstanceOf(OkxException.class).hasMessageContaining("ETH-USDT-SWAP");
    assertThat(okx.swapInstrument("ETH-USDT-SWAP").await().ctVal()).isEqualByComparingTo("0.1");
    assertThat(adapters.fake().instrumentRequests()).isEqualTo(4);
  }
}
