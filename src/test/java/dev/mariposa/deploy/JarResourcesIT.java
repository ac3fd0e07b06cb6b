package dev.mariposa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Every resource the main code loads by name is in the packaged jar (target/mariposa.jar, after
 * the package phase). The names are read from the sources, not listed here: string literals naming
 * a resource file (with a same-file constant prefix resolved: {@code RESOURCE_DIR + "index.json"}),
 * Lua script names ({@code LuaScript.load("x")}, {@code scripts.get("x")}), static web roots; then
 * what those resources name in turn (the schemas of events/index.json, the scripts and styles of
 * webroot/index.html and their imports). Every source file that calls a class-path loader must
 * yield a name, or be one of the few whose names come from elsewhere ({@link #NAMED_ELSEWHERE}),
 * so a new loader cannot go unchecked.
 */
class JarResourcesIT {
  private static final Path JAR = Path.of(System.getProperty("mariposa.jar", "target/mariposa.jar"));
  private static final Path SOURCES = Path.of("src/main/java");

  private static final Pattern LITERAL =
      Pattern.compile("(?:(\\w+)\\s*\\+\\s*)?\"(/?\\w[\\w.-]*(?:/[\\w.-]+)*\\.(?:lua|ya?ml|json|html|js|css|xml|properties))\"");
  private static final Pattern LUA = Pattern.compile("(?:LuaScript\\.load|scripts(?:\\(\\))?\\.get)\\(\"([\\w-]+)\"\\)");
  private static final Pattern WEB_ROOT = Pattern.compile("StaticHandler\\.create\\(\"([\\w/-]+)\"\\)");
  private static final Pattern LOADER =
      Pattern.compile("getResource(?:AsStream)?\\(|getSystemResource|StaticHandler\\.create\\(|\"classpath:");
  /** Literals of resource-like names that are not class-path resources, with what they are. */
  private static final Map<String, String> NOT_RESOURCES = Map.of(
      "backtest.json", "a file the backtest writes", "backtest.html", "a file the backtest writes",
      "optimize.json", "a file optimize writes", "optimize.html", "a file optimize writes",
      "run.json", "the identity of an optimize run, kept beside its trials");
  /** Sources that load resources whose names are not literals in them, and where the names are read instead. */
  private static final Map<String, String> NAMED_ELSEWHERE = Map.of(
      "redis/LuaScript.java", "the Lua names at the LuaScript.load and scripts.get calls");
  /** Loaded by a library by convention, never named in our code. */
  private static final Map<String, String> BY_CONVENTION = Map.of("logback.xml", "Logback's configuration at startup");

  @Test
  void everyResourceTheCodeLoadsIsInTheJar() throws IOException {
    assertThat(JAR).as("the packaged jar (mvn package)").exists();
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      Set<String> entries = new TreeSet<>(jar.stream().map(ZipEntry::getName).toList());
      Scan scan = Scan.of(SOURCES);

      assertThat(scan.names()).as("names found in the sources").containsKeys("openapi.yaml", "conf/config.json",
          "events/index.json", "backtest/report.html", "lua/gcra.lua", "webroot/");
      assertThat(scan.unexplainedLoaders()).as("sources calling a class-path loader that name no resource the scan "
          + "reads: give the name as a literal, or add the file to NAMED_ELSEWHERE saying where its names are").isEmpty();
      Set<String> wanted = new TreeSet<>(scan.names().keySet());
      wanted.addAll(BY_CONVENTION.keySet());
      wanted.addAll(namedByResources(jar, entries));
      assertThat(missing(wanted, entries).stream().map(n -> n + " (" + scan.names().getOrDefault(n,
          BY_CONVENTION.getOrDefault(n, "named by a resource")) + ")").toList())
          .as("resources the code loads missing from " + JAR).isEmpty();
    }
  }

  /** The check above can fail: the jar's entries less one it needs are reported. */
  @Test
  void aJarWithoutASchemaIndexIsReported() throws IOException {
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      Set<String> entries = new TreeSet<>(jar.stream().map(ZipEntry::getName).toList());
      entries.remove("events/index.json");
      assertThat(missing(Scan.of(SOURCES).names().keySet(), entries)).containsExactly("events/index.json");
    }
  }

  /** Each file of each resource directory the pom packs is in the jar, at its target path. */
  @Test
  void everyFileOfThePomsResourceDirectoriesIsInTheJar() throws Exception {
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      Set<String> entries = new TreeSet<>(jar.stream().map(ZipEntry::getName).toList());
      List<String> absent = new ArrayList<>();
      for (Map.Entry<String, String> resource : DockerfileTest.resourceDirectories(Path.of("pom.xml")).entrySet()) {
        Path dir = Path.of(resource.getKey());
        try (Stream<Path> files = Files.walk(dir)) {
          files.filter(Files::isRegularFile).map(f -> resource.getValue() + dir.relativize(f).toString().replace('\\', '/'))
              .filter(name -> !entries.contains(name)).forEach(absent::add);
        }
      }
      assertThat(absent).as("files of the pom's resource directories missing from " + JAR).isEmpty();
    }
  }

  private static List<String> missing(Set<String> wanted, Set<String> entries) {
    return wanted.stream().filter(name -> name.endsWith("/")
        ? entries.stream().noneMatch(e -> e.startsWith(name) && !e.endsWith("/"))
        : !entries.contains(name)).toList();
  }

  /** What the jar's own resources name: the schemas in events/index.json, the web root's scripts, styles and imports. */
  private static Set<String> namedByResources(ZipFile jar, Set<String> entries) {
    Set<String> names = new TreeSet<>();
    JsonObject index = new JsonObject(read(jar, "events/index.json"));
    index.getJsonArray("families").forEach(f -> Stream.of("schema", "request", "reply")
        .map(((JsonObject) f)::getString).filter(s -> s != null).forEach(s -> names.add("events/" + s)));
    Matcher ref = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"").matcher(read(jar, "webroot/index.html"));
    while (ref.find()) {
      names.add("webroot/" + ref.group(1));
    }
    for (String script : entries.stream().filter(e -> e.startsWith("webroot/") && e.endsWith(".js")).toList()) {
      Matcher imported = Pattern.compile("from\\s+'(\\.[^']+)'").matcher(read(jar, script));
      while (imported.find()) {
        names.add(Path.of(script).resolveSibling(imported.group(1)).normalize().toString().replace('\\', '/'));
      }
    }
    assertThat(names).as("names read from events/index.json and webroot/index.html").hasSizeGreaterThan(10);
    return names;
  }

  private static String read(ZipFile jar, String name) {
    ZipEntry entry = jar.getEntry(name);
    assertThat(entry).as(name + " in the jar").isNotNull();
    try {
      return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The resource names in the main sources (name: the first file naming it), and the loaders that name none. */
  record Scan(Map<String, String> names, List<String> unexplainedLoaders) {
    static Scan of(Path sources) throws IOException {
      Map<String, String> names = new TreeMap<>();
      List<String> unexplained = new ArrayList<>();
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          String where = sources.relativize(file).toString().replace('\\', '/');
          String code = Files.readString(file);
          Map<String, String> constants = constants(code);
          String name = where.replaceFirst(".*/", "");
          Set<String> found = new TreeSet<>();
          Matcher literal = LITERAL.matcher(code);
          while (literal.find()) {
            String prefix = literal.group(1) == null ? "" : constants.getOrDefault(literal.group(1), "");
            found.add(prefix + literal.group(2).replaceFirst("^/", ""));
          }
          found.removeAll(NOT_RESOURCES.keySet());
          Matcher lua = LUA.matcher(code);
          while (lua.find()) {
            found.add("lua/" + lua.group(1) + ".lua");
          }
          Matcher root = WEB_ROOT.matcher(code);
          while (root.find()) {
            found.add(root.group(1) + "/");
          }
          found.forEach(n -> names.putIfAbsent(n, name));
          if (LOADER.matcher(code).find() && found.isEmpty()
              && !NAMED_ELSEWHERE.containsKey(where.replaceFirst("^dev/mariposa/", ""))) {
            unexplained.add(where);
          }
        }
      }
      return new Scan(names, unexplained);
    }

    /** The file's String constants given as one literal: {@code NAME = "value"}. */
    private static Map<String, String> constants(String code) {
      Map<String, String> constants = new HashMap<>();
      Matcher m = Pattern.compile("\\bString\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"\\s*;").matcher(code);
      while (m.find()) {
        constants.put(m.group(1), m.group(2));
      }
      return constants;
    }
  }
}
