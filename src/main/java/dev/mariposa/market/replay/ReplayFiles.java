package dev.mariposa.market.replay;

import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.Kline;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inputs of MARKET_SOURCE=replay, sorted by kind: kline CSVs (SYMBOL-INTERVAL-DATE.csv),
 * recorded combined-stream files (one {@code {"stream","data"}} message per line) and REST depth
 * snapshots ({@code ..._SYMBOL.json} holding {@code lastUpdateId, bids, asks}). Blocking: read it
 * on a worker.
 */
public final class ReplayFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayFiles.class);
  private static final Pattern SNAPSHOT = Pattern.compile(".*_([A-Z0-9]+)\\.json");
  /** Non-blank lines a stream file may open with before its first message. */
  private static final int STREAM_SNIFF_LINES = 100;
  /** What a replay input is, for errors about a file that is none. */
  public static final String EXPECTED = "a kline CSV named SYMBOL-INTERVAL-DATE.csv, a recorded stream file"
      + " (one {\"stream\",\"data\"} message per line) or a depth snapshot named ..._SYMBOL.json";

  /** The kinds of input, told apart by {@link #kind}. */
  public enum Kind { KLINES, STREAM, DEPTH_SNAPSHOT }

  /** A file that is no replay input: the message says what it should have been. */
  public static final class NotReplayInput extends IOException {
    NotReplayInput(String expected) {
      super(expected);
    }
  }

  private final Map<String, List<Kline>> bars = new HashMap<>();
  private final Map<String, List<JsonObject>> streams = new HashMap<>();
  private final Map<String, JsonObject> snapshots = new HashMap<>();
  private long skippedLines;

  public static ReplayFiles read(List<Path> files) throws IOException {
    ReplayFiles replay = new ReplayFiles();
    for (Path file : files) {
      replay.add(file);
    }
    replay.bars.values().forEach(list -> list.sort(Comparator.comparingLong(Kline::openTime)));
    return replay;
  }

  public TreeSet<String> symbols() {
    TreeSet<String> symbols = new TreeSet<>(bars.keySet());
    symbols.addAll(streams.keySet());
    return symbols;
  }

  public List<Kline> bars(String symbol) {
    return bars.getOrDefault(symbol, List.of());
  }

  public List<JsonObject> stream(String symbol) {
    return streams.getOrDefault(symbol, List.of());
  }

  public Optional<JsonObject> snapshot(String symbol) {
    return Optional.ofNullable(snapshots.get(symbol));
  }

  /** Lines of stream files that were not a usable message (counted, skipped). */
  public long skippedLines() {
    return skippedLines;
  }

  /**
   * What {@code file} holds, from its name and first lines only (the rest is read by {@link #read}):
   * a kline CSV whose first bar reads, a depth snapshot, or a stream file with a message among its
   * first lines. The configuration checks every REPLAY_FILES entry with it before anything starts.
   *
   * @throws NotReplayInput when it is none of them
   * @throws IOException when it cannot be read
   */
  public static Kind kind(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith(".zip") || name.endsWith(".gz")) {
      throw new NotReplayInput(EXPECTED + " (unpack " + name + " first)");
    }
    if (KlineCsv.matches(file)) {
      try {
        KlineCsv.checkFirstBar(file);
      } catch (CharacterCodingException e) {
        throw new NotReplayInput("a kline CSV of 12 comma-separated columns (this is not text)");
      } catch (IOException e) {
        throw new NotReplayInput("a kline CSV of 12 comma-separated columns (" + e.getMessage() + ")");
      }
      return Kind.KLINES;
    }
    try (BufferedReader in = Files.newBufferedReader(file)) {
      int lines = 0;
      for (String line = in.readLine(); line != null && lines < STREAM_SNIFF_LINES; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        if (lines++ == 0 && SNAPSHOT.matcher(name).matches() && isSnapshot(line)) {
          return Kind.DEPTH_SNAPSHOT;
        }
        if (Message.of(line).isPresent()) {
          return Kind.STREAM;
        }
      }
    } catch (CharacterCodingException e) {
      throw new NotReplayInput(EXPECTED + " (this is not text)");
    }
    throw new NotReplayInput(EXPECTED);
  }

  private static boolean isSnapshot(String content) {
    return content.trim().startsWith("{\"lastUpdateId\"");
  }

  private void add(Path file) throws IOException {
    String name = file.getFileName().toString();
    Kind kind;
    try {
      kind = kind(file);
    } catch (NotReplayInput e) {
      throw new IOException(name + " is not replay input: expected " + e.getMessage());
    }
    if (kind == Kind.KLINES) {
      List<Kline> read = KlineCsv.read(file);
      List<Kline> symbolBars = bars.computeIfAbsent(KlineCsv.symbol(file), s -> new ArrayList<>());
      if (!symbolBars.isEmpty() && !symbolBars.get(0).interval().equals(KlineCsv.interval(file))) {
        LOG.warn("Replay: {} skipped, {} is already replayed at {}", name, KlineCsv.symbol(file), symbolBars.get(0).interval());
        return;
      }
      symbolBars.addAll(read);
      LOG.info("Replay: {} bars of {} {} from {}", read.size(), KlineCsv.symbol(file), KlineCsv.interval(file), name);
      return;
    }
    Matcher snapshot = SNAPSHOT.matcher(name);
    String content = Files.readString(file);
    if (kind == Kind.DEPTH_SNAPSHOT && snapshot.matches()) {
      snapshots.put(snapshot.group(1), new JsonObject(content));
      LOG.info("Replay: depth snapshot of {} from {}", snapshot.group(1), name);
      return;
    }
    int messages = 0;
    for (String line : content.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Optional<Message> message = Message.of(line);
      if (message.isPresent()) {
        streams.computeIfAbsent(message.get().symbol(), s -> new ArrayList<>()).add(message.get().json());
        messages++;
      } else {
        skippedLines++;
      }
    }
    if (messages == 0) {
      throw new IOException(name + " is not replay input: expected " + EXPECTED);
    }
    LOG.info("Replay: {} recorded messages from {}", messages, name);
  }

  /** One line of a stream file: a combined-stream message and its symbol, or empty for a line that is none. */
  private record Message(String symbol, JsonObject json) {
    static Optional<Message> of(String line) {
      try {
        JsonObject json = new JsonObject(line);
        return Optional.of(new Message(BinanceMessages.symbol(json), json));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
