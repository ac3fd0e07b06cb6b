package dev.mariposa.market.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mariposa.market.Kline;
import dev.mariposa.market.bars.BarColumns;
import dev.mariposa.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte parser into bar columns reads every kline CSV as the text reader before it did
 * ({@link LegacyKlineCsv}: readAllLines, split, BigDecimal): every field of every bar of the real
 * months and days, in ms and in µs, with a header; the odd lines; and the same refusals, word for
 * word. The shared files are parsed where they are (the parser writes nothing); what a test
 * changes it writes into its temp dir.
 */
class KlineCsvColumnsTest {
  private static final String MONTHS = "binance/klines/months";

  @TempDir
  Path dir;

  @Test
  void everyBarOfEveryRealFileEqualsTheTextReadersBar() throws IOException {
    List<Path> files = new ArrayList<>(realFiles(SharedData.require(MONTHS)));
    files.addAll(realFiles(SharedData.require("binance/klines")));
    assertThat(files).hasSizeGreaterThanOrEqualTo(60);
    int bars = 0;
    for (Path file : files) {
      BarColumns columns = KlineCsvParser.parse(file);
      List<Kline> expected = LegacyKlineCsv.read(file);
      assertSameBars(file.getFileName().toString(), columns, expected);
      bars += columns.size();
    }
    assertThat(bars).as("two years of BTC and ETH 5m, a quarter of SOL and BNB, the days and the hour month")
        .isGreaterThan(2 * 210_000);
  }

  /** The 2023-03 outage: the flat zero-volume bars and the 16 missing ones, as they are. */
  @Test
  void theOutageMonthKeepsItsGapAndFlatBars() throws IOException {
    BarColumns march = KlineCsvParser.parse(SharedData.require(MONTHS + "/BTCUSDT-5m-2023-03.csv"));
    assertThat(march.size()).isEqualTo(8912);
    int gaps = 0;
    int flat = 0;
    for (int i = 1; i < march.size(); i++) {
      if (march.openTime(i) - march.openTime(i - 1) != 300_000) {
        gaps++;
        assertThat(march.openTime(i) - march.openTime(i - 1)).isEqualTo(17 * 300_000L);
      }
      if (march.volume(i) == 0) {
        flat++;
        assertThat(march.high(i)).isEqualTo(march.low(i)).isEqualTo(28_080.0);
      }
    }
    assertThat(gaps).isEqualTo(1);
    assertThat(flat).isEqualTo(14);
  }

  @Test
  void microsecondFilesAndAHeaderReadAsBefore() throws IOException {
    Path month = SharedData.require(MONTHS + "/ETHUSDT-5m-2025-02.csv");
    List<String> lines = Files.readAllLines(month);
    Path micros = Files.write(dir.resolve("ETHUSDT-5m-2025-02.csv"), lines.stream().map(line -> {
      String[] c = line.split(",");
      c[0] = c[0] + "000";
      c[6] = c[6] + "999";
      return String.join(",", c);
    }).toList());
    List<String> headed = new ArrayList<>();
    headed.add("open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
        + "taker_buy_quote_volume,ignore");
    headed.addAll(lines);
    Path header = Files.write(Files.createDirectories(dir.resolve("headed")).resolve(month.getFileName()), headed);

    List<Kline> expected = LegacyKlineCsv.read(month);
    assertThat(LegacyKlineCsv.read(micros).equals(expected) && LegacyKlineCsv.read(header).equals(expected)).isTrue();
    assertSameBars("µs", KlineCsvParser.parse(micros), expected);
    assertSameBars("header", KlineCsvParser.parse(header), expected);
    assertThat(KlineCsvParser.parse(micros).openTime(0)).isEqualTo(1738368000000L);
  }

  /**
   * Lines off the fast path: CRLF and lone CR endings, blank lines, a header in the middle, spaces
   * around fields, signs, exponents, "12." and ".5", decimals that differ from line to line (as in
   * futures files), leading zeros, a byte-order mark, non-ASCII text in an unread column.
   */
  @Test
  void oddLinesReadAsTheTextReaderReadsThem() throws IOException {
    String bar = "1726876800000,63201.05000000,63201.06000000,63186.00000000,63196.00000000,10.91101000,"
        + "1726876859999,689505.82620870,2464,6.94903000,439120.77141390,0";
    String[] files = {
        bar + "\r\n" + bar.replace("1726876800000", "1726876860000") + "\r\n",
        bar + "\r" + bar + "\r\r\n\n",
        "\n\n" + bar + "\n   \n\t\n" + bar + "\n",
        bar + "\nopen_time,open\n" + bar + "\n",
        " 1726876800000,1,2,3,4,5,6,7,8,9,10,11\n" + bar + "\n",
        "1726876800000, 63201.05 ,+63201.06,63186,6.3196E+4,1E-8,1726876859999,0,+2464,x,y,z\n",
        "1726876800000,12.,.5,0.0,00042.10,7,1726876859999,0,0,0,0,0\n",
        "1726876800000,42283.5,42283.58,42283,42283.580,1.2,1726876859999,0,0,0,0\n"
            + "1726876860000,42283.58000000,42283.5,42283.1,42283,1.25,1726876919999,0,0,0,0\n",
        "\uFEFF" + bar + "\n" + bar + "\n",
        bar.replace(",0\n", ",0") + ",é\n" + bar + ",日本\n",
        "0001726876800000,000.10,0.2,0.3,0.4,0.5,0001726876859999,0000,0007,0,0,0\n",
        "1726876800000,1,2,3,4,5,1726876859999,6,7,,,0\n",
        "1726876800000,12345678.1234567,1.12345678,99999999.9,0.00000001,123456789012345678,1726876859999,"
            + "1234567890.12345678,1234567812345678,0,0,12345678",
        "",
        "\n\n",
    };
    for (int i = 0; i < files.length; i++) {
      Path file = write("BTCUSDT-1m-2024-09-2" + i + ".csv", files[i]);
      assertThat(KlineCsvParser.parse(file).klines()).as("file %d: %s", i, files[i]).isEqualTo(LegacyKlineCsv.read(file));
    }
  }

  @Test
  void aBadLineIsRefusedWithTheSameMessage() throws IOException {
    String bar = "1726876800000,63201.05,63201.06,63186.00,63196.00,10.9,1726876859999,689505.8,2464,6.9,439120.7,0";
    String[] bad = {
        "1726876800000,63201.05,63201.06\n",
        bar + "\n1726876800000,a,b,c,d,e,f,g,h,i,j,k\n",
        bar + "\n" + bar.replace("63201.06", "") + "\n",
        bar.replace(",2464,", ",24.64,") + "\n",
        bar.replace(",689505.8,", ",1.2.3,") + "\n",
        "1726876800000,1,2,3,4,5,1726876859999,6,7,8,,,\n",
        "1726876800000,1,2,3,4,5,1726876859999,6,7,8\n",
        bar + "\n" + bar.replace("1726876800000", "17268768000000000000") + "\n",
        bar.replace("63201.05", "-") + "\n",
        bar.replace("2464", "") + "\n",
    };
    for (int i = 0; i < bad.length; i++) {
      Path file = write("BTCUSDT-1m-2024-09-2" + i + ".csv", bad[i]);
      IOException expected = catchThrowableOfType(IOException.class, () -> LegacyKlineCsv.read(file));
      IOException got = catchThrowableOfType(IOException.class, () -> KlineCsvParser.parse(file));
      assertThat(expected).as("the text reader refuses file %d", i).isNotNull();
      assertThat(got).as("file %d: %s", i, bad[i]).isNotNull().hasMessage(expected.getMessage());
    }
    assertThat(catchThrowableOfType(IOException.class, () -> KlineCsvParser.parse(write("BTCUSDT-1m-2024-09-21.csv",
        "1726876800000,63201.05,63201.06\n")))).hasMessage("BTCUSDT-1m-2024-09-21.csv:1: expected 12 columns, found 3");
  }

  @Test
  void notTextIsRefusedAsTheTextReaderRefusesIt() throws IOException {
    Path file = dir.resolve("BTCUSDT-1m-2024-09-21.csv");
    Files.write(file, new byte[] {'1', ',', (byte) 0xff, (byte) 0xfe, '\n'});
    Class<?> expected = catchThrowableOfType(IOException.class, () -> LegacyKlineCsv.read(file)).getClass();
    assertThat(catchThrowableOfType(IOException.class, () -> KlineCsvParser.parse(file))).isInstanceOf(expected);
  }

  /** Values no long holds at the column's scale are refused naming the line, where the text reader took them. */
  @Test
  void aValueBeyondEighteenDigitsIsRefusedNamingTheLine() throws IOException {
    Path file = write("BTCUSDT-1m-2024-09-21.csv",
        "1726876800000,1,2,3,4,5,1726876859999,123456789012345678901.5,7,0,0,0\n");
    assertThat(catchThrowableOfType(IOException.class, () -> KlineCsvParser.parse(file)))
        .hasMessageStartingWith("BTCUSDT-1m-2024-09-21.csv:1: a value with more digits than a bar column holds");
    // 18 digits with 2 decimals, then a price with 8: the first no longer fits at the column's scale.
    Path rescaled = write("ETHUSDT-1m-2024-09-21.csv", "1726876800000,1234567812345678.12,1,2,3,4,1726876859999,5,6,7,8,9\n"
        + "1726876860000,1.00000001,1,2,3,4,1726876919999,5,6,7,8,9\n");
    assertThat(catchThrowableOfType(IOException.class, () -> KlineCsvParser.parse(rescaled)))
        .hasMessageStartingWith("ETHUSDT-1m-2024-09-21.csv:2: a value with more digits than a bar column holds");
  }

  /** Every field, exact (the Kline, BigDecimals with their scale) and as doubles; the first difference fails. */
  private static void assertSameBars(String file, BarColumns columns, List<Kline> bars) {
    assertThat(columns.size()).as(file).isEqualTo(bars.size());
    for (int i = 0; i < bars.size(); i++) {
      Kline k = bars.get(i);
      BarColumns.Bar bar = columns.bar(i);
      boolean same = bar.kline().equals(k) && bar.openTime() == k.openTime() && bar.closeTime() == k.closeTime()
          && bar.open() == k.open().doubleValue() && bar.high() == k.high().doubleValue()
          && bar.low() == k.low().doubleValue() && bar.close() == k.close().doubleValue()
          && bar.volume() == k.volume().doubleValue() && bar.quoteVolume() == k.quoteVolume().doubleValue()
          && bar.trades() == k.trades();
      if (!same) {
        assertThat(bar.kline()).as("%s bar %d (doubles: %s %s %s %s %s %s)", file, i, bar.open(), bar.high(), bar.low(),
            bar.close(), bar.volume(), bar.quoteVolume()).isEqualTo(k);
        throw new AssertionError(file + " bar " + i + ": the doubles differ from " + k);
      }
    }
  }

  private Path write(String name, String content) throws IOException {
    Path sub = Files.createDirectories(dir.resolve("f" + Math.abs(content.hashCode())));
    return Files.write(sub.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Path> realFiles(Path folder) throws IOException {
    try (Stream<Path> listed = Files.list(folder)) {
      return listed.filter(KlineCsv::matches).sorted().toList();
    }
  }
}
