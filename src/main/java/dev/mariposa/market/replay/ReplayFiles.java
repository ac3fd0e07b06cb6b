package dev.mariposa.market.replay;

import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.Kline;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
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

  private void add(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (KlineCsv.matches(file)) {
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
    if (snapshot.matches() && content.trim().startsWith("{\"lastUpdateId\"")) {
      snapshots.put(snapshot.group(1), new JsonObject(content));
      LOG.info("Replay: depth snapshot of {} from {}", snapshot.group(1), name);
      return;
    }
    int messages = 0;
    for (String line : content.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonObject message = new JsonObject(line);
        streams.computeIfAbsent(BinanceMessages.symbol(message), s -> new ArrayList<>()).add(message);
        messages++;
      } catch (RuntimeException e) {
        skippedLines++;
      }
    }
    if (messages == 0) {
      throw new IOException(name + " is neither a kline CSV, a depth snapshot nor a recorded stream file");
    }
    LOG.info("Replay: {} recorded messages from {}", messages, name);
  }
}
