package dev.mariposa.backtest.runs;

import dev.mariposa.command.CommandArguments;
import dev.mariposa.command.UsageException;
import dev.mariposa.market.replay.BarCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The recorded data a requested backtest may read: files under one directory
 * ({@code backtests.dataDir}), named relative to it. A name that leaves it (an absolute path,
 * {@code ..}, a symbolic link pointing out) is refused: the check is on the real paths.
 */
public final class DataFiles {
  private static final int DEPTH = 4;
  private final Path dir;

  public DataFiles(Path dir) {
    this.dir = dir;
  }

  /** The files a request may name (kline CSVs, recorded streams, depth snapshots), relative, sorted; none when the directory is missing. */
  public List<String> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Path root = dir.toRealPath();
    try (Stream<Path> walk = Files.walk(root, DEPTH)) {
      return walk.filter(Files::isRegularFile).filter(DataFiles::looksLikeData)
          .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  /** The files {@code name} stands for (a directory: the files in it), or why not, as CommandArguments would say it. */
  public List<Path> resolve(String name) throws InvalidRequest {
    if (name == null || name.isBlank()) {
      throw new InvalidRequest("data: a file name may not be empty");
    }
    Path root;
    Path file;
    try {
      Path relative = Path.of(name);
      if (relative.isAbsolute()) {
        throw new InvalidRequest("data: " + name + " is absolute: name a file relative to the data directory");
      }
      root = dir.toRealPath();
      Path candidate = root.resolve(relative).normalize();
      if (!candidate.startsWith(root) || !Files.exists(candidate)) {
        throw new InvalidRequest("data: no file " + name + " in the data directory");
      }
      file = candidate.toRealPath();
    } catch (InvalidPathException | IOException e) {
      throw new InvalidRequest("data: no file " + name + " in the data directory");
    }
    if (!file.startsWith(root)) { // a symbolic link out of the directory
      throw new InvalidRequest("data: no file " + name + " in the data directory");
    }
    try {
      return new ArrayList<>(CommandArguments.dataFiles(file));
    } catch (UsageException e) {
      throw new InvalidRequest("data: " + name + " cannot be read");
    }
  }

  private static boolean looksLikeData(Path file) {
    String name = file.getFileName().toString();
    return !BarCache.isCacheFile(file) && (name.endsWith(".csv") || name.endsWith(".jsonl") || name.endsWith(".json"));
  }
}
