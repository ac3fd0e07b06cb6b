package dev.mariposa.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real recordings in ../shared/data (or -Dmariposa.shared.data). They are not part of the
 * project: a test that needs them skips with the reason where they are absent (CI has them).
 */
public final class SharedData {
  private SharedData() {}

  public static Path dir() {
    return Path.of(System.getProperty("mariposa.shared.data", "../shared/data"));
  }

  /** The file under the data folder, or the calling test is skipped saying why. */
  public static Path require(String relative) {
    Path file = dir().resolve(relative);
    Assumptions.assumeTrue(Files.isReadable(file),
        "skipped: recording " + file + " not found (set -Dmariposa.shared.data to the shared/data folder)");
    return file;
  }
}
