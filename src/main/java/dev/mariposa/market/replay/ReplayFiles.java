package dev.mariposa.market.replay;

import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.Kline;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inputs of MARKET_SOURCE=replay and of a backtest, sorted by kind: kline CSVs
 * (SYMBOL-INTERVAL-DATE.csv), recorded combined-stream files (one {@code {"stream","data"}} message
 * per line) and REST depth snapshots ({@code ..._SYMBOL.json} holding {@code lastUpdateId, bids,
 * asks}). A symbol's bars come, for each period, from the finest interval given for it: a bar of a
 * coarser file that a finer bar of the symbol falls within is left out (the coarser interval is
 * aggregated from the finer bars there), and a coarser file keeps the periods the finer data does
 * not cover. Blocking: read it on a worker.
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

  /**
   * One kline CSV: its bars ({@code read}) and those replayed ({@code kept}); the others are
   * {@code covered} by finer bars of the symbol or {@code repeated} from an earlier file of the
   * same interval. {@code unusable}: why none is kept (an interval Mariposa does not know).
   */
  public record KlineFile(String name, String symbol, String interval, int read, List<Kline> kept, int covered,
                          int repeated, Optional<String> unusable) {}

  /** A recorded stream file (its messages per symbol) or a depth snapshot (one symbol, one "message"). */
  public record RecordingFile(String name, boolean snapshot, Map<String, Integer> messages) {}

  private final List<KlineFile> klineFiles = new ArrayList<>();
  private final List<RecordingFile> recordingFiles = new ArrayList<>();
  private final Map<String, List<Kline>> bars = new HashMap<>();
  private final Map<String, List<JsonObject>> streams = new HashMap<>();
  private final Map<String, JsonObject> snapshots = new HashMap<>();
  private long skippedLines;

  public static ReplayFiles read(List<Path> files) throws IOException {
    ReplayFiles replay = new ReplayFiles();
    Map<Path, List<Kline>> csvs = new LinkedHashMap<>();
    for (Path file : files) {
      Kind kind;
      try {
        kind = kind(file);
      } catch (NotReplayInput e) {
        throw new IOException(file.getFileName() + " is not replay input: expected " + e.getMessage());
      }
      if (kind == Kind.KLINES) {
        csvs.put(file, KlineCsv.read(file));
      } else {
        replay.addRecording(file, kind);
      }
    }
    replay.selectFinest(csvs);
    return replay;
  }

  public TreeSet<String> symbols() {
    TreeSet<String> symbols = new TreeSet<>(bars.keySet());
    symbols.addAll(streams.keySet());
    return symbols;
  }

  /** The symbol's bars in time order, each period from the finest interval given (so of one or more intervals). */
  public List<Kline> bars(String symbol) {
    return bars.getOrDefault(symbol, List.of());
  }

  public List<JsonObject> stream(String symbol) {
    return streams.getOrDefault(symbol, List.of());
  }

  public Optional<JsonObject> snapshot(String symbol) {
    return Optional.ofNullable(snapshots.get(symbol));
  }

  /** Every kline CSV given, in the order given, with what was kept of it. */
  public List<KlineFile> klineFiles() {
    return List.copyOf(klineFiles);
  }

  /** Every recorded stream file and depth snapshot given, in the order given. */
  public List<RecordingFile> recordingFiles() {
    return List.copyOf(recordingFiles);
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

  /**
   * Per symbol, intervals from the finest up: a bar is kept unless a kept bar of a finer interval
   * opens within it, or a bar of its interval with its open time was kept from an earlier file.
   */
  private void selectFinest(Map<Path, List<Kline>> csvs) {
    Map<String, NavigableSet<Long>> finerOpens = new HashMap<>();
    Map<String, Set<Long>> keptOpens = new HashMap<>();
    Map<Path, KlineFile> selected = new HashMap<>();
    List<Path> finestFirst = csvs.keySet().stream()
        .filter(f -> Kline.intervalLength(KlineCsv.interval(f)).isPresent())
        .sorted(Comparator.comparing(f -> Kline.intervalLength(KlineCsv.interval(f)).orElseThrow()))
        .toList();
    Duration current = null;
    List<Kline> pending = new ArrayList<>(); // kept bars of the interval being processed
    for (Path file : finestFirst) {
      Duration length = Kline.intervalLength(KlineCsv.interval(file)).orElseThrow();
      if (!length.equals(current)) {
        pending.forEach(b -> finerOpens.computeIfAbsent(b.symbol(), s -> new TreeSet<>()).add(b.openTime()));
        pending.clear();
        keptOpens.clear();
        current = length;
      }
      String symbol = KlineCsv.symbol(file);
      NavigableSet<Long> finer = finerOpens.getOrDefault(symbol, new TreeSet<>());
      Set<Long> seen = keptOpens.computeIfAbsent(symbol, s -> new HashSet<>());
      List<Kline> kept = new ArrayList<>();
      int covered = 0;
      int repeated = 0;
      for (Kline bar : csvs.get(file)) {
        if (!finer.subSet(bar.openTime(), true, bar.closeTime(), true).isEmpty()) {
          covered++;
        } else if (!seen.add(bar.openTime())) {
          repeated++;
        } else {
          kept.add(bar);
        }
      }
      pending.addAll(kept);
      selected.put(file, new KlineFile(file.getFileName().toString(), symbol, KlineCsv.interval(file),
          csvs.get(file).size(), List.copyOf(kept), covered, repeated, Optional.empty()));
    }
    csvs.forEach((file, read) -> {
      KlineFile kf = selected.getOrDefault(file, new KlineFile(file.getFileName().toString(), KlineCsv.symbol(file),
          KlineCsv.interval(file), read.size(), List.of(), 0, 0,
          Optional.of("interval " + KlineCsv.interval(file) + " is not one Mariposa analyses (1m to 1d)")));
      klineFiles.add(kf);
      bars.computeIfAbsent(kf.symbol(), s -> new ArrayList<>()).addAll(kf.kept());
      kf.unusable().ifPresentOrElse(why -> LOG.warn("Replay: {} skipped: {}", kf.name(), why),
          () -> LOG.info("Replay: {} bars of {} {} from {}{}", kf.kept().size(), kf.symbol(), kf.interval(), kf.name(),
              kf.covered() + kf.repeated() == 0 ? ""
                  : " (" + kf.covered() + " covered by finer bars, " + kf.repeated() + " repeated from another file)"));
    });
    bars.values().removeIf(List::isEmpty);
    bars.values().forEach(list -> list.sort(Comparator.comparingLong(Kline::openTime)));
  }

  private void addRecording(Path file, Kind kind) throws IOException {
    String name = file.getFileName().toString();
    Matcher snapshot = SNAPSHOT.matcher(name);
    String content = Files.readString(file);
    if (kind == Kind.DEPTH_SNAPSHOT && snapshot.matches()) {
      snapshots.put(snapshot.group(1), new JsonObject(content));
      recordingFiles.add(new RecordingFile(name, true, Map.of(snapshot.group(1), 1)));
      LOG.info("Replay: depth snapshot of {} from {}", snapshot.group(1), name);
      return;
    }
    Map<String, Integer> bySymbol = new TreeMap<>();
    int messages = 0;
    for (String line : content.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Optional<Message> message = Message.of(line);
      if (message.isPresent()) {
        streams.computeIfAbsent(message.get().symbol(), s -> new ArrayList<>()).add(message.get().json());
        bySymbol.merge(message.get().symbol(), 1, Integer::sum);
        messages++;
      } else {
        skippedLines++;
      }
    }
    if (messages == 0) {
      throw new IOException(name + " is not replay input: expected " + EXPECTED);
    }
    recordingFiles.add(new RecordingFile(name, false, bySymbol));
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
