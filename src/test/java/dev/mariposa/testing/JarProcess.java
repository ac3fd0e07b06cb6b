package dev.mariposa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** target/mariposa.jar running as a child process with exactly the environment given. */
public final class JarProcess implements AutoCloseable {
  public static final Path JAR = Path.of(System.getProperty("mariposa.jar", "target/mariposa.jar"));

  private final Process process;
  private final Path log;

  private JarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the jar in {@code workDir}; output goes to {@code workDir/out.log}. */
  public static JarProcess start(Path workDir, Map<String, String> env) {
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve("out.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toAbsolutePath().toString())
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      return new JarProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How a run of the jar ended: its exit code, and what it wrote to stdout and to stderr. */
  public record Exit(int code, String stdout, String stderr) {}

  /**
   * Runs the jar in {@code workDir} with exactly {@code env} until it exits by itself, within
   * {@code timeout} (else it is killed and this throws): for runs that are meant to end, such as a
   * refused configuration. Output goes to {@code workDir/stdout.log} and {@code workDir/stderr.log}.
   */
  public static Exit run(Path workDir, Map<String, String> env, Duration timeout, String... args) {
    try {
      Files.createDirectories(workDir);
      Path out = workDir.resolve("stdout.log");
      Path err = workDir.resolve("stderr.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        // It started after all: SIGTERM, so that it stops its embedded servers; then by force, children too.
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        throw new IllegalStateException("the jar still ran after " + timeout + "; its output:\n"
            + Files.readString(out) + Files.readString(err));
      }
      return new Exit(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The last {@code lines} lines of its output. */
  public String tail(int lines) {
    List<String> all = output().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** SIGKILL: a crash, no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
