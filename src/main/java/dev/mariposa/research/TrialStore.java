package dev.mariposa.research;

import dev.mariposa.command.UsageException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trials of a run, kept as they come in {@code OUT/trials.jsonl} (one JSON line each, flushed
 * per line) under the run's identity in {@code OUT/run.json}: a run started again on the same
 * identity resumes (the known trials are not run again), on another identity it is refused
 * (unless fresh). A last line torn by a kill is dropped (and cut from the file, so the next line
 * starts clean).
 */
public final class TrialStore implements Closeable {
  static final String TRIALS = "trials.jsonl";
  static final String RUN = "run.json";
  private final Map<String, Trial> trials = new ConcurrentHashMap<>();
  private final List<Trial> inOrder = new ArrayList<>();
  private final BufferedWriter writer;
  private final int resumed;
  private final boolean tornLine;

  private TrialStore(Path file, List<Trial> known, boolean tornLine) throws IOException {
    known.forEach(this::remember);
    this.resumed = trials.size();
    this.tornLine = tornLine;
    this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The store in {@code dir} for the run {@code identity}: resumed, started, or refused (as UsageException). */
  public static TrialStore open(Path dir, JsonObject identity, boolean fresh) throws UsageException, IOException {
    Files.createDirectories(dir);
    Path run = dir.resolve(RUN);
    Path file = dir.resolve(TRIALS);
    if (fresh) {
      Files.deleteIfExists(file);
      Files.deleteIfExists(run);
    }
    JsonObject normalized = new JsonObject(identity.encode()); // as it reads back from the file
    if (Files.exists(run)) {
      JsonObject stored;
      try {
        stored = new JsonObject(Files.readString(run));
      } catch (DecodeException e) {
        throw UsageException.alone(run + " is not a run's identity (malformed JSON): use --fresh to start over");
      }
      if (!stored.equals(normalized)) {
        List<String> differ = new ArrayList<>();
        for (String key : normalized.fieldNames()) {
          if (!Objects.equals(normalized.getValue(key), stored.getValue(key))) {
            differ.add(key);
          }
        }
        stored.fieldNames().stream().filter(k -> !normalized.containsKey(k)).forEach(differ::add);
        throw UsageException.alone(dir + " holds the trials of another run (it differs in " + String.join(", ", differ)
            + "): use --fresh to start over there, or another --out");
      }
    } else if (Files.exists(file) && Files.size(file) > 0) {
      throw UsageException.alone(file + " holds trials but no " + RUN + " says of which run: use --fresh to start over");
    }
    List<Trial> known = new ArrayList<>();
    boolean torn = Files.exists(file) && readInto(file, known);
    Files.writeString(run, normalized.encodePrettily());
    return new TrialStore(file, known, torn);
  }

  /** Reads the complete lines; a torn last one is cut off the file. Returns whether there was one. */
  private static boolean readInto(Path file, List<Trial> known) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int start = 0;
    int good = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8).trim();
        if (!line.isEmpty()) {
          try {
            known.add(Trial.fromJson(new JsonObject(line)));
          } catch (DecodeException | ClassCastException e) {
            throw new IOException(file + ": line " + (known.size() + 1) + " is not a trial (" + e.getMessage() + ")");
          }
        }
        start = i + 1;
        good = start;
      }
    }
    if (good == bytes.length) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(good); // written without its newline: the process died mid-line
    }
    return true;
  }

  private void remember(Trial trial) {
    if (trials.putIfAbsent(id(trial.scope(), trial.key()), trial) == null) {
      inOrder.add(trial);
    }
  }

  private static String id(String scope, String key) {
    return scope + "/" + key;
  }

  public Optional<Trial> get(String scope, String key) {
    return Optional.ofNullable(trials.get(id(scope, key)));
  }

  /** Keeps {@code trial}, its line written and flushed before this returns. */
  public synchronized void add(Trial trial) {
    if (trials.containsKey(id(trial.scope(), trial.key()))) {
      return;
    }
    try {
      writer.write(trial.toJson().encode());
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    remember(trial);
  }

  /** How many trials were read back when the store was opened. */
  public int resumed() {
    return resumed;
  }

  public boolean hadTornLine() {
    return tornLine;
  }

  public synchronized List<Trial> all() {
    return List.copyOf(inOrder);
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }
}
