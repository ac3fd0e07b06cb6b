package dev.mariposa.market.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.market.Kline;
import dev.mariposa.testing.SharedData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The columns pack each value exactly, give back the bars they were given, and hold a symbol-year in 20 MB. */
class BarColumnsTest {

  @Test
  void eachColumnTakesTheFewestBytesThatHoldItExactly() {
    assertThat(packed(7, 7, 7).layout()).isEqualTo("constant");
    assertThat(packed(7, 7, 7).get(2)).isEqualTo(7);
    PackedLongs minutes = packed(1_704_067_200_000L, 1_704_067_260_000L, 1_704_067_380_000L);
    assertThat(minutes.layout()).as("in steps of a minute").isEqualTo("1 byte");
    assertThat(List.of(minutes.get(0), minutes.get(1), minutes.get(2)))
        .containsExactly(1_704_067_200_000L, 1_704_067_260_000L, 1_704_067_380_000L);
    PackedLongs wide = packed(Long.MIN_VALUE, 0, Long.MAX_VALUE, -5);
    assertThat(wide.layout()).isEqualTo("8 bytes");
    assertThat(List.of(wide.get(0), wide.get(1), wide.get(2), wide.get(3)))
        .containsExactly(Long.MIN_VALUE, 0L, Long.MAX_VALUE, -5L);
    PackedLongs spread = packed(-3, 0xFFFF_FFFFL - 3, 0, 17);
    assertThat(spread.layout()).isEqualTo("4 bytes");
    assertThat(List.of(spread.get(0), spread.get(1), spread.get(2), spread.get(3)))
        .containsExactly(-3L, 0xFFFF_FFFFL - 3, 0L, 17L);
    assertThat(packed(0, 1, 0x1_0000_0001L).layout()).isEqualTo("5 bytes");
    assertThat(packed(0, 1, 0x1_0000_0001L).get(2)).isEqualTo(0x1_0000_0001L);
    assertThat(packed(0, 0x2_0000_0000L).layout()).as("spread over the common step").isEqualTo("1 byte");
    assertThat(packed(5, 3, 1 << 20).arrayBytes()).as("3 values of 3 bytes").isEqualTo(3 * 3);
    assertThatThrownBy(() -> packed(7, 7).get(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** Decimals written with differing scales (as futures files do), exponents and signs come back as written. */
  @Test
  void decimalsComeBackWithTheScaleTheyWereWrittenWith() {
    List<String> texts = List.of("42283.5", "42283.58000000", "0", "1E+3", "-0.00000001", "7.10", "123456789.123456789");
    BarColumns.Builder builder = BarColumns.builder("BTCUSDT", "1m", 2);
    for (int i = 0; i < texts.size(); i++) {
      BigDecimal value = new BigDecimal(texts.get(i));
      builder.add(new Kline("BTCUSDT", "1m", i * 60_000L, i * 60_000L + 59_999, value, value, value, value, value,
          BigDecimal.ZERO, i, true));
    }
    BarColumns columns = builder.build();
    for (int i = 0; i < texts.size(); i++) {
      BigDecimal written = new BigDecimal(texts.get(i));
      assertThat(columns.kline(i).open()).isEqualTo(written); // equals: the same scale too
      assertThat(columns.open(i)).isEqualTo(written.doubleValue());
    }
    assertThat(columns.decimals(BarColumns.Decimal.OPEN).scale()).isEqualTo(9);
    assertThat(columns.decimals(BarColumns.Decimal.OPEN).layout()).endsWith("a scale per value");
    assertThat(columns.decimals(BarColumns.Decimal.QUOTE_VOLUME).layout()).isEqualTo("constant");
    assertThatThrownBy(() -> BarColumns.builder("X", "1m", 1).times(0, 1, 0)
        .decimal(BarColumns.Decimal.OPEN, 1, 19)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void writtenColumnsReadBackEqual() throws IOException {
    BarColumns month = dev.mariposa.market.replay.KlineCsv.columns(SharedData.require("binance/klines/BTCUSDT-1h-2024-08.csv"));
    ByteBuffer buffer = ByteBuffer.allocate(month.encodedSize()).order(ByteOrder.LITTLE_ENDIAN);
    month.write(buffer);
    assertThat(buffer.hasRemaining()).isFalse();
    BarColumns read = BarColumns.read(buffer.flip());
    assertThat(read.klines()).isEqualTo(month.klines()).hasSize(744);
    assertThat(read.layout()).isEqualTo(month.layout());
  }

  /**
   * A year of 1m bars of one symbol in at most 20 MB, so ten symbols in 200 MB: 1m-like bars from
   * the real BTCUSDT 5m months of 2024 ({@link MinuteLikeYears}): the columns' arrays, within a
   * few kilobytes of everything the object holds (bench/bars.sh measures that with JOL, too slow
   * to start for a test).
   */
  @Test
  void aSymbolYearOfMinutesFitsInTwentyMegabytes() throws IOException {
    BarColumns year = MinuteLikeYears.of(SharedData.require("binance/klines/months"), "BTCUSDT", 2024);
    assertThat(year.size()).isEqualTo(MinuteLikeYears.YEAR_OF_MINUTES);
    assertThat(year.arrayBytes()).as(year.layout()).isLessThanOrEqualTo(19_000_000L);
    assertThat(year.closeTime(5) - year.openTime(5)).isEqualTo(59_999);
  }

  private static PackedLongs packed(long... values) {
    return PackedLongs.of(values, values.length);
  }
}
