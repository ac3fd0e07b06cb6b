package dev.mariposa.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jar processes of one test, by name: started, killed (SIGKILL, kept for their logs), and
 * closed together. When the test failed, every log is copied to target/ and its end printed.
 */
public final class JarFleet implements AutoCloseable {
  private final String test;
  private final Map<String, JarProcess> live = new LinkedHashMap<>();
  private final Map<String, JarProcess> killed = new LinkedHashMap<>();

  public JarFleet(String test) {
    this.test = test;
  }

  /** Starts the jar in {@code workDir} with exactly {@code env}, as {@code name} (a killed name may start again). */
  public JarProcess start(String name, Path workDir, Map<String, String> env) {
    JarProcess process = JarProcess.start(workDir, env);
    live.put(name, process);
    return process;
  }

  public JarProcess get(String name) {
    return live.get(name);
  }

  public Set<String> names() {
    return live.keySet();
  }

  /** SIGKILL: a crash, no shutdown hook runs. */
  public void kill(String name) throws InterruptedException {
    JarProcess process = live.remove(name);
    process.kill();
    killed.put(name + "-killed-" + (killed.size() + 1), process);
  }

  /** Every process's log copied to target/{test}-{name}.log, and its last lines printed. */
  public void keepLogs() {
    Map<String, JarProcess> all = new LinkedHashMap<>(killed);
    all.putAll(live);
    all.forEach((name, process) -> {
      Path copy = Path.of("target", test + "-" + name + ".log");
      try {
        Files.writeString(copy, process.output());
      } catch (IOException e) {
        copy = null;
      }
      System.out.printf("%s: %s's output (all of it in %s) ends with:%n%s%n", test, name, copy, process.tail(30));
    });
  }

  @Override
  public void close() throws InterruptedException {
    List<JarProcess> all = new ArrayList<>(live.values());
    all.addAll(killed.values());
    for (JarProcess process : all) {
      process.close();
    }
  }
}
