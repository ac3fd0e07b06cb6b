package dev.mariposa.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A private redis-server child process on a loopback port: the redis-server on PATH if there is
 * one, else the binary bundled by embedded-redis. With a data directory it keeps an append-only
 * file there; without one it keeps nothing on disk (tests). It can be killed and started again on
 * the same port, which is how the tests simulate a Redis outage.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

  private final int port;
  private final Optional<Path> dataDir;
  private final List<String> extraArgs;
  private final File executable;
  private Process process;

  private EmbeddedRedis(int port, Optional<Path> dataDir, List<String> extraArgs) {
    this.port = port;
    this.dataDir = dataDir;
    this.extraArgs = List.copyOf(extraArgs);
    this.executable = findExecutable();
  }

  /** Starts a server that persists to an append-only file under {@code dataDir}. */
  public static EmbeddedRedis persistent(Path dataDir) {
    return start(FreePort.find(), Optional.of(dataDir));
  }

  /** Starts a server that keeps nothing on disk. */
  public static EmbeddedRedis ephemeral() {
    return ephemeral(List.of());
  }

  /** A server that keeps nothing on disk, with extra redis-server arguments (tests: cluster nodes). */
  public static EmbeddedRedis ephemeral(List<String> extraArgs) {
    return start(FreePort.find(), Optional.empty(), extraArgs);
  }

  private static EmbeddedRedis start(int port, Optional<Path> dataDir) {
    return start(port, dataDir, List.of());
  }

  private static EmbeddedRedis start(int port, Optional<Path> dataDir, List<String> extraArgs) {
    EmbeddedRedis redis = new EmbeddedRedis(port, dataDir, extraArgs);
    redis.start();
    return redis;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public String executable() {
    return executable.getPath();
  }

  /** The major version of the redis-server binary this would run (for example 7). */
  public static int majorVersion() {
    try {
      Process p = new ProcessBuilder(findExecutable().getPath(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, TimeUnit.SECONDS);
      Matcher m = Pattern.compile("v=(\\d+)\\.").matcher(out);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** Starts the process (again) on the same port and waits until it answers PING. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of(executable.getPath(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no",
        "--loglevel", "warning", "--logfile", ""));
    if (dataDir.isPresent()) {
      try {
        Files.createDirectories(dataDir.get());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dataDir.get(), e);
      }
      command.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec",
          "--dir", dataDir.get().toAbsolutePath().toString()));
    } else {
      command.addAll(List.of("--appendonly", "no"));
    }
    command.addAll(extraArgs);
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + executable, e);
    }
    awaitPing(TimeUnit.SECONDS.toMillis(10));
  }

  /** SIGTERM: Redis flushes its append-only file and exits. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** SIGKILL: the outage a crash or a network cut looks like. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** The redis-server's process id (tests freeze it with SIGSTOP to simulate a silent link). */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("redis-server is not running");
    }
    return process.pid();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    stop();
  }

  private void awaitPing(long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    IOException last = null;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited at start (exit " + process.exitValue()
            + "); is port " + port + " free?");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        socket.setSoTimeout(500);
        OutputStream out = socket.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] reply = new byte[7];
        int n = in.read(reply);
        if (n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("redis-server did not answer on port " + port, last);
  }

  private static File findExecutable() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        File candidate = new File(dir, "redis-server");
        if (candidate.canExecute()) {
          return candidate;
        }
      }
    }
    try {
      File bundled = ExecutableProvider.newJarResourceProvider().get();
      LOG.info("no redis-server on PATH: using the one bundled by embedded-redis");
      return bundled;
    } catch (IOException e) {
      throw new UncheckedIOException("no redis-server on PATH and the bundled one cannot be extracted", e);
    }
  }
}
