package dev.mariposa.config;

import dev.mariposa.config.MariposaConfig.MarketSource;
import dev.mariposa.market.replay.ReplayFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * REPLAY_FILES checked before anything starts: each file recognised from its name and first lines
 * as {@link ReplayFiles} will read it, so that a file of no known kind stops startup with its name
 * rather than failing the feed after startup; and a replay must hold something to replay.
 */
final class ReplayInputs {
  private static final String PATH = "market.replayFiles";

  private ReplayInputs() {}

  static List<Path> check(Fields f, MarketSource source) {
    List<Path> files = new ArrayList<>();
    Set<ReplayFiles.Kind> kinds = EnumSet.noneOf(ReplayFiles.Kind.class);
    for (String file : f.list(PATH)) {
      Path path = f.path(PATH, file).orElse(null);
      if (path == null) {
        continue;
      }
      files.add(path);
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        f.invalid(PATH, file, "readable files (" + ReplayFiles.EXPECTED + ")");
        continue;
      }
      try {
        kinds.add(ReplayFiles.kind(path));
      } catch (ReplayFiles.NotReplayInput e) {
        f.invalid(PATH, file, e.getMessage());
      } catch (IOException e) {
        f.invalid(PATH, file, "a readable file (" + e.getClass().getSimpleName() + ")");
      }
    }
    if (source == MarketSource.REPLAY && files.isEmpty()) {
      f.invalid(PATH, "", "at least one file when MARKET_SOURCE=replay");
    } else if (source == MarketSource.REPLAY && kinds.equals(EnumSet.of(ReplayFiles.Kind.DEPTH_SNAPSHOT))) {
      f.invalid(PATH, null, "a kline CSV or a recorded stream file among them: depth snapshots alone hold no symbol"
          + " to replay");
    }
    return List.copyOf(files);
  }
}
