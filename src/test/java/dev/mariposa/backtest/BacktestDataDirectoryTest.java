package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory read once holds the CSVs' bar caches: a second run takes the CSVs, not the caches. */
class BacktestDataDirectoryTest {
  @TempDir
  Path dir;

  @Test
  void theBarCachesBesideTheCsvsAreNoData() throws Exception {
    Path day = Files.copy(SharedData.require("binance/klines/BTCUSDT-1m-2024-09-21.csv"),
        dir.resolve("BTCUSDT-1m-2024-09-21.csv"));
    KlineCsv.read(day);
    Files.writeString(dir.resolve("BTCUSDT-1m-2024-09-21.csv.bars.4242.tmp"), "a write cut short");
    assertThat(dir.resolve("BTCUSDT-1m-2024-09-21.csv.bars")).isRegularFile();

    BacktestOptions options = BacktestOptions.parse(List.of("--data", dir.toString()));

    assertThat(options.data()).containsExactly(day);
  }
}
