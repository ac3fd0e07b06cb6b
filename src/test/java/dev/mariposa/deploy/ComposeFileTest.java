package dev.mariposa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, read as Compose reads it (YAML, anchors and merge keys) since no Docker
 * engine runs here: every image has a pinned tag (the Dockerfile's too), every file it mounts is in
 * the repository, Prometheus scrapes the Mariposa services, and Grafana is provisioned with
 * Prometheus as its data source and the shipped dashboard.
 */
class ComposeFileTest {
  /** A tag that names a release: at least major.minor (7.4.2, v2.53.2, 17.0.13_11-jre), or a digest. */
  private static final Pattern PINNED = Pattern.compile(".+(:v?\\d+\\.\\d+[\\w.-]*|@sha256:[0-9a-f]{64})");

  private final Map<String, Object> compose = yaml(Path.of("docker-compose.yml"));

  @Test
  void everyImageIsPinned() throws IOException {
    services().forEach((name, service) -> {
      if (service.get("build") == null) {
        assertThat((String) service.get("image")).as("the image of service %s", name).isNotNull().matches(PINNED);
      }
    });
    List<String> bases = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::trim)
        .filter(l -> l.toUpperCase().startsWith("FROM ")).map(l -> l.split("\\s+")[1]).toList();
    assertThat(bases).as("the Dockerfile's base images").isNotEmpty().allMatch(b -> PINNED.matcher(b).matches());
  }

  @Test
  void everyMountedFileIsInTheRepositoryAndEveryDependencyIsAService() {
    services().forEach((name, service) -> {
      for (String[] mount : binds(service)) {
        assertThat(Path.of(mount[0])).as("%s mounts %s", name, mount[0]).exists();
      }
      Object dependsOn = service.get("depends_on");
      List<String> needs = dependsOn instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).toList()
          : dependsOn instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
      assertThat(services().keySet()).as("what %s depends on", name).containsAll(needs);
    });
  }

  @Test
  void prometheusScrapesTheMariposaServices() {
    Map<String, Object> prometheus = serviceRunning("prom/prometheus");
    Path config = source(prometheus, "/etc/prometheus/prometheus.yml").orElseThrow();
    List<String> targets = new ArrayList<>();
    for (Object job : list(yaml(config).get("scrape_configs"))) {
      for (Object statics : list(map(job).get("static_configs"))) {
        list(map(statics).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
      }
    }
    List<String> mariposa = services().entrySet().stream().filter(e -> e.getValue().get("build") != null)
        .map(Map.Entry::getKey).toList();
    assertThat(mariposa).hasSizeGreaterThanOrEqualTo(2);
    assertThat(targets).as("the scrape targets").containsExactlyInAnyOrderElementsOf(
        mariposa.stream().map(s -> s + ":8080").toList());
  }

  @Test
  void grafanaIsProvisionedWithPrometheusAndTheShippedDashboard() throws IOException {
    Map<String, Object> grafana = serviceRunning("grafana/grafana");
    Path provisioning = source(grafana, "/etc/grafana/provisioning").orElseThrow(
        () -> new AssertionError("Grafana mounts no directory at /etc/grafana/provisioning"));

    List<Map<String, Object>> sources = new ArrayList<>();
    yamls(provisioning.resolve("datasources")).forEach(y -> list(y.get("datasources")).forEach(d -> sources.add(map(d))));
    assertThat(sources).as("provisioned data sources").singleElement().satisfies(source -> {
      assertThat(source.get("type")).isEqualTo("prometheus");
      assertThat(source.get("isDefault")).as("the default, which the dashboard's ${datasource} picks").isEqualTo(true);
      URI url = URI.create((String) source.get("url"));
      Map<String, Object> prometheus = services().get(url.getHost());
      assertThat(prometheus).as("the service %s", url.getHost()).isNotNull();
      assertThat((String) prometheus.get("image")).startsWith("prom/prometheus:");
      assertThat(url.getPort()).isEqualTo(9090);
    });

    List<Map<String, Object>> providers = new ArrayList<>();
    yamls(provisioning.resolve("dashboards")).forEach(y -> list(y.get("providers")).forEach(p -> providers.add(map(p))));
    assertThat(providers).as("dashboard providers").singleElement().satisfies(provider -> {
      assertThat(provider.get("type")).isEqualTo("file");
      String dir = (String) map(provider.get("options")).get("path");
      Path dashboard = source(grafana, dir + "/mariposa-dashboard.json").or(() -> source(grafana, dir)
          .map(d -> d.resolve("mariposa-dashboard.json"))).orElseThrow(
              () -> new AssertionError("nothing mounted at the provider's path " + dir));
      assertThat(dashboard).isEqualTo(GrafanaDashboardTest.DASHBOARD).exists();
    });
    assertThat(grafana.get("depends_on").toString()).contains("prometheus");
  }

  private Map<String, Map<String, Object>> services() {
    Map<String, Map<String, Object>> services = new java.util.LinkedHashMap<>();
    map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
    assertThat(services).isNotEmpty();
    return services;
  }

  private Map<String, Object> serviceRunning(String image) {
    return services().values().stream().filter(s -> String.valueOf(s.get("image")).startsWith(image + ":")).findFirst()
        .orElseThrow(() -> new AssertionError("no service runs " + image));
  }

  /** The repository path mounted at {@code target} in the service, if one is. */
  private static Optional<Path> source(Map<String, Object> service, String target) {
    return binds(service).stream().filter(m -> m[1].equals(target)).map(m -> Path.of(m[0]).normalize()).findFirst();
  }

  /** The service's bind mounts of repository paths: [source, target]. */
  private static List<String[]> binds(Map<String, Object> service) {
    return list(service.get("volumes")).stream().map(String::valueOf).filter(v -> v.startsWith("./"))
        .map(v -> v.split(":")).map(v -> new String[] {v[0], v[1]}).toList();
  }

  private static List<Map<String, Object>> yamls(Path dir) throws IOException {
    assertThat(dir).isDirectory();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted()
          .map(ComposeFileTest::yaml).toList();
    }
  }

  private static Map<String, Object> yaml(Path file) {
    try {
      return map(new Yaml().load(Files.readString(file)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }
}
