package dev.mariposa.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a reliability test leaves its figures: printed, and in target/reliability/<name>.md. */
final class Figures {
  private Figures() {}

  static void publish(String name, CharSequence report) throws IOException {
    System.out.println(report);
    Path file = Path.of("target", "reliability", name + ".md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report);
  }
}
