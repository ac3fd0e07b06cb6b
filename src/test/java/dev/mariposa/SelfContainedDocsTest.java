package dev.mariposa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's files refer to nothing outside it: no citation of the briefs the project was
 * written from (they are not part of it), and no path into the sibling ../shared folder except
 * its recorded market data, which the tests and the bench scripts read (SharedData; DATA=path).
 * The README, which a newcomer reads without that folder, names none of it.
 */
class SelfContainedDocsTest {
  /** Where the project's prose and code live (run from the project's base directory, as Maven does). */
  private static final List<String> SCANNED = List.of("src", "docs", "bench", "tools", "examples", "deploy", "conf",
      ".ci", "README.md", "Dockerfile", "docker-compose.yml", "pom.xml");
  private static final Set<String> SKIPPED_DIRECTORIES = Set.of("node_modules", "target", ".git");
  private static final Set<String> BINARY = Set.of(".png", ".jpg", ".gif", ".ico", ".jar", ".zip", ".gz");
  /** The briefs, by name, and the phrase that cited them. */
  private static final Pattern BRIEF = Pattern.compile("\\b(DESIGN|EXCHANGES|VERTX5)\\.md\\b|design\\s+brief",
      Pattern.CASE_INSENSITIVE);
  /** A path into the sibling shared folder other than its data folder. */
  private static final Pattern SHARED = Pattern.compile("\\.\\./shared/(?!data\\b)");
  private static final Pattern ANY_SHARED = Pattern.compile("\\.\\./shared\\b");

  @Test
  void noFileCitesADocumentOutsideTheRepository() {
    List<String> found = new ArrayList<>();
    for (Path file : files()) {
      String text = read(file);
      boolean readme = file.normalize().toString().equals("README.md");
      lines(file, text, BRIEF, "cites a brief that is not part of the repository", found);
      lines(file, text, readme ? ANY_SHARED : SHARED,
          readme ? "points a newcomer at ../shared, which they do not have" : "points into ../shared beyond its data", found);
    }
    assertThat(found).as("references to documents outside the repository").isEmpty();
  }

  @Test
  void theScanSeesTheRepository() {
    // A scan that found nothing to read would pass whatever the files say.
    assertThat(files()).contains(Path.of("README.md"), Path.of("docs", "ARCHITECTURE.md"), Path.of("bench", "lib.sh"),
        Path.of("src", "main", "java", "dev", "mariposa", "Main.java"));
    assertThat(BRIEF.matcher("as " + "DESIGN" + ".md §4 says").find()).isTrue();
    assertThat(SHARED.matcher("../shared" + "/tools/newcomer-check").find()).isTrue();
    assertThat(SHARED.matcher("Path.of(\"../shared/data\")").find()).isFalse();
  }

  private static List<Path> files() {
    List<Path> files = new ArrayList<>();
    for (String root : SCANNED) {
      Path path = Path.of(root);
      if (Files.isRegularFile(path)) {
        files.add(path);
      } else if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> Stream.of(f.toString().split("[/\\\\]")).noneMatch(SKIPPED_DIRECTORIES::contains))
              .filter(f -> BINARY.stream().noneMatch(f.toString()::endsWith))
              .forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return files;
  }

  private static String read(Path file) {
    try {
      // Bytes that are not UTF-8 become U+FFFD: the patterns are ASCII.
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void lines(Path file, String text, Pattern pattern, String why, List<String> found) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = pattern.matcher(lines[i]);
      if (m.find()) {
        found.add(file + ":" + (i + 1) + " " + why + ": " + lines[i].strip());
      }
    }
  }
}
