package dev.mariposa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The README and the CI entry point give the same test command, so what a newcomer runs is what CI runs. */
class ReadmeTest {
  private static final Pattern EXEC = Pattern.compile("(?m)^exec (.+)$");

  @Test
  void theTestCommandIsTheOneCiRuns() throws IOException {
    Matcher exec = EXEC.matcher(Files.readString(Path.of(".ci", "run")));
    assertThat(exec.find()).as(".ci/run ends by exec'ing the test command").isTrue();
    String command = exec.group(1).strip();
    assertThat(Files.readString(Path.of("README.md")))
        .as("README.md shows .ci/run's command in a sh block of its own")
        .contains("```sh\n" + command + "\n```");
  }
}
