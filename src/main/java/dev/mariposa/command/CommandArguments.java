package dev.mariposa.command;

import dev.mariposa.market.replay.BarCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;

/** The arguments the offline commands read alike. */
public final class CommandArguments {
  private CommandArguments() {}

  /**
   * A time, UTC: 2024-09-21 (its first millisecond, or its last when {@code endOfDay}: a --to),
   * 2024-09-21T06:00, 2024-09-21T06:00:00Z, or epoch milliseconds.
   */
  public static long time(String value, String flag, boolean endOfDay) throws UsageException {
    try {
      if (value.matches("\\d{10,}")) {
        return Long.parseLong(value);
      }
      if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
        LocalDate day = LocalDate.parse(value);
        return endOfDay ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 1
            : day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      if (value.endsWith("Z")) {
        return Instant.parse(value).toEpochMilli();
      }
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw UsageException.withUsage(flag + " " + value + " is not a time: use 2024-09-21, 2024-09-21T06:00, "
          + "2024-09-21T06:00:00Z or epoch milliseconds");
    }
  }

  /** The files of a --data argument: the file, or the files of a directory (but the .csv.bars caches kept there). */
  public static List<Path> dataFiles(Path path) throws UsageException {
    if (Files.isDirectory(path)) {
      try (Stream<Path> listed = Files.list(path)) {
        List<Path> files = listed.filter(Files::isRegularFile).filter(f -> !BarCache.isCacheFile(f)).sorted().toList();
        if (files.isEmpty()) {
          throw UsageException.withUsage("--data " + path + " is an empty directory");
        }
        return files;
      } catch (IOException e) {
        throw UsageException.withUsage("--data " + path + " cannot be listed: " + e.getMessage());
      }
    }
    if (!Files.isReadable(path)) {
      throw UsageException.withUsage("--data " + path + ": no such readable file");
    }
    return List.of(path);
  }
}
