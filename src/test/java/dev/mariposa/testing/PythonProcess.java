package dev.mariposa.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real python3 process running one of the scripts under examples/python, its stdout and stderr
 * kept line by line for assertions and for the failure message.
 */
public final class PythonProcess implements AutoCloseable {
  public static final Path EXAMPLES = Path.of("examples/python");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private PythonProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.add(line);
        }
      } catch (IOException e) {
        output.add("(output lost: " + e.getMessage() + ")");
      }
    }, "python-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code script} (a path relative to the project) with {@code args}; skips the test without python3. */
  public static PythonProcess start(Path script, String... args) {
    List<String> command = new ArrayList<>(List.of("python3", "-u", script.toString()));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("PYTHONPATH", EXAMPLES.toAbsolutePath().toString());
      return new PythonProcess(builder.start());
    } catch (IOException e) {
      Assumptions.abort("skipped: python3 cannot be started here (" + e.getMessage() + ")");
      throw new IllegalStateException(e);
    }
  }

  public List<String> output() {
    return List.copyOf(output);
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits until a line contains {@code text}. */
  public void awaitLine(String text, Duration timeout) {
    Eventually.within(timeout, () -> "python printed \"" + text + "\"; its output: " + output,
        () -> output.stream().anyMatch(line -> line.contains(text)));
  }

  /** Waits for the process to exit and returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("python did not exit within " + timeout.toMillis() + " ms; its output: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** SIGSTOP or SIGCONT: a process that hangs, and one that comes back. */
  public void signal(String name) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("kill -" + name + " failed", e);
    }
  }

  /** kill -9. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      signal("CONT");
      kill();
    }
  }
}
