package dev.mariposa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The image's jar is built from what the Dockerfile copies into its build stage: every input of
 * {@code mvn package} must be among it, or the image's jar lacks resources the host's jar has
 * (docs/events once was a resource directory the Dockerfile did not copy: GET /api/events/schemas
 * answered 500 in the image). No Docker engine runs here: this reads the files.
 */
class DockerfileTest {
  @Test
  void theBuildStageCopiesThePomAndEveryDirectoryItPacks() throws Exception {
    List<String> copied = buildStageCopies(Files.readAllLines(Path.of("Dockerfile")));
    assertThat(copied).contains("pom.xml", "src");
    for (String directory : resourceDirectories(Path.of("pom.xml")).keySet()) {
      assertThat(copied).as("the Dockerfile's build stage copies the pom's resource directory %s", directory)
          .anyMatch(c -> directory.equals(c) || directory.startsWith(c + "/"));
    }
  }

  /** The sources of the COPY lines before the second FROM (the build stage), without "./" or a trailing "/". */
  static List<String> buildStageCopies(List<String> dockerfile) {
    List<String> sources = new ArrayList<>();
    int stages = 0;
    for (String line : dockerfile) {
      String[] words = line.trim().split("\\s+");
      if (words[0].equalsIgnoreCase("FROM") && ++stages > 1) {
        break;
      }
      if (words[0].equalsIgnoreCase("COPY")) {
        List<String> args = Arrays.stream(words).skip(1).filter(w -> !w.startsWith("--")).toList();
        args.subList(0, args.size() - 1).forEach(s -> sources.add(s.replaceFirst("^\\./", "").replaceFirst("/$", "")));
      }
    }
    return sources;
  }

  /** The pom's resource directories, each with the path its files get in the jar ("" or "conf/"). */
  static Map<String, String> resourceDirectories(Path pom) throws Exception {
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList resources = document.getElementsByTagName("resource");
    Map<String, String> directories = new LinkedHashMap<>();
    for (int i = 0; i < resources.getLength(); i++) {
      Element resource = (Element) resources.item(i);
      NodeList directory = resource.getElementsByTagName("directory");
      NodeList target = resource.getElementsByTagName("targetPath");
      if (directory.getLength() > 0) {
        directories.put(directory.item(0).getTextContent().trim().replace("${project.basedir}/", ""),
            target.getLength() == 0 ? "" : target.item(0).getTextContent().trim() + "/");
      }
    }
    assertThat(directories).as("the pom's resource directories").isNotEmpty();
    return directories;
  }
}
