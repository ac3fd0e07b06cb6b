package dev.mariposa.backtest;

import dev.mariposa.market.Kline;
import dev.mariposa.market.KlineAggregator;
import dev.mariposa.market.book.DepthSnapshot;
import dev.mariposa.market.replay.RecordedStream;
import dev.mariposa.market.replay.ReplayFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every recorded event of the run that some agent can use, in time order, all symbols merged
 * (stable: events of one time keep their file order): a kline CSV's bars at their close times, a
 * recorded stream's messages at their event times. Each symbol's bars come, per period, from the
 * finest interval given ({@link ReplayFiles}); a bar is used when an agent trades its symbol at
 * its interval or at one it builds (aggregated up from it). Events after {@code to} are left out;
 * those before {@code from} warm the indicators and the books but trade nothing. {@link #files()}
 * says what of each file was used, and why the rest was not.
 */
final class Timeline {
  /** A closed bar from a CSV, or one recorded stream message. */
  sealed interface Event permits BarEvent, MessageEvent {
    long time();

    String symbol();
  }

  record BarEvent(Kline bar) implements Event {
    public long time() {
      return bar.closeTime();
    }

    public String symbol() {
      return bar.symbol();
    }
  }

  /** A recorded message, decoded once here for every run to play. */
  record MessageEvent(String symbol, RecordedStream.Message message, long time) implements Event {}

  /**
   * What a run made of one file: {@code items} read (bars, messages), {@code used} of them (warm-up
   * included), {@code first}/{@code last} the times of what it holds, and why the rest was not used.
   */
  record FileUse(String file, String kind, String symbols, String interval, int items, int used, long first, long last,
                 List<String> notUsed) {}

  private final List<Event> events;
  private final ReplayFiles files;
  private final List<FileUse> uses;
  private final Optional<long[]> span;
  /** The recorded streams' REST snapshots, read once. */
  private final Map<String, Optional<DepthSnapshot>> snapshots;

  private Timeline(List<Event> events, ReplayFiles files, List<FileUse> uses, Optional<long[]> span,
                   Map<String, Optional<DepthSnapshot>> snapshots) {
    this.events = events;
    this.files = files;
    this.uses = uses;
    this.span = span;
    this.snapshots = snapshots;
  }

  /** The events up to {@code to} that agents trading {@code wanted} (symbol to intervals) can use. */
  static Timeline of(ReplayFiles files, long to, Map<String, Set<String>> wanted) {
    List<Event> all = new ArrayList<>();
    Map<String, Optional<DepthSnapshot>> snapshots = new HashMap<>();
    for (String symbol : files.symbols()) {
      Set<String> intervals = wanted.getOrDefault(symbol, Set.of());
      for (Kline bar : files.bars(symbol)) {
        if (serves(bar.interval(), intervals)) {
          all.add(new BarEvent(bar));
        }
      }
      if (!intervals.isEmpty()) {
        for (RecordedStream.Timed timed : RecordedStream.timed(files.stream(symbol))) {
          all.add(new MessageEvent(symbol, RecordedStream.ahead(timed.message(), timed.time()), timed.time()));
        }
        snapshots.put(symbol, files.snapshot(symbol).map(DepthSnapshot::of));
      }
    }
    all.sort(Comparator.comparingLong(Event::time)); // stable: a symbol's own order is kept
    Optional<long[]> span = all.isEmpty() ? Optional.empty()
        : Optional.of(new long[] {all.get(0).time(), all.get(all.size() - 1).time()});
    List<Event> events = all.stream().filter(e -> e.time() <= to).toList();
    return new Timeline(events, files, uses(files, to, wanted), span, Map.copyOf(snapshots));
  }

  /** The agents' series: symbol to the intervals they trade it at. */
  static Map<String, Set<String>> wanted(List<dev.mariposa.agent.Agent> agents) {
    Map<String, Set<String>> wanted = new TreeMap<>();
    agents.forEach(a -> a.symbols().forEach(s -> wanted.computeIfAbsent(s, k -> new TreeSet<>()).add(a.interval())));
    return wanted;
  }

  /** Whether bars of {@code interval} feed a series of one of {@code intervals}: as they are, or aggregated. */
  static boolean serves(String interval, Set<String> intervals) {
    return intervals.stream().anyMatch(i -> i.equals(interval) || new KlineAggregator(i).builds(interval));
  }

  private static List<FileUse> uses(ReplayFiles files, long to, Map<String, Set<String>> wanted) {
    List<FileUse> uses = new ArrayList<>();
    for (ReplayFiles.KlineFile f : files.klineFiles()) {
      Set<String> intervals = wanted.getOrDefault(f.symbol(), Set.of());
      List<String> notUsed = new ArrayList<>();
      int used = 0;
      if (f.unusable().isPresent()) {
        notUsed.add(f.unusable().get());
      } else if (intervals.isEmpty()) {
        notUsed.add("no agent trades " + f.symbol());
      } else if (!serves(f.interval(), intervals)) {
        notUsed.add("no agent trades " + f.symbol() + " at " + f.interval() + " or at a multiple of it: the agents ask for "
            + String.join(", ", intervals));
      } else {
        used = (int) f.kept().stream().filter(b -> b.closeTime() <= to).count();
        if (f.covered() > 0) {
          notUsed.add(f.covered() + " bars covered by finer " + f.symbol() + " bars (aggregated from those instead)");
        }
        if (f.repeated() > 0) {
          notUsed.add(f.repeated() + " bars repeated from another file");
        }
        if (f.kept().size() > used) {
          notUsed.add((f.kept().size() - used) + " bars after --to");
        }
      }
      long first = f.kept().isEmpty() ? 0 : f.kept().get(0).openTime();
      long last = f.kept().isEmpty() ? 0 : f.kept().get(f.kept().size() - 1).closeTime();
      uses.add(new FileUse(f.name(), "klines", f.symbol(), f.interval(), f.read(), used, first, last, notUsed));
    }
    for (ReplayFiles.RecordingFile f : files.recordingFiles()) {
      List<String> traded = f.messages().keySet().stream().filter(wanted::containsKey).toList();
      List<String> untraded = f.messages().keySet().stream().filter(s -> !wanted.containsKey(s)).toList();
      int items = f.messages().values().stream().mapToInt(Integer::intValue).sum();
      int used = traded.stream().mapToInt(f.messages()::get).sum();
      List<String> notUsed = untraded.isEmpty() ? List.of() : List.of("no agent trades " + String.join(", ", untraded));
      uses.add(new FileUse(f.name(), f.snapshot() ? "depth snapshot" : "recorded stream",
          String.join(",", f.messages().keySet()), "", items, used, 0, 0, notUsed));
    }
    return List.copyOf(uses);
  }

  List<Event> events() {
    return events;
  }

  int size() {
    return events.size();
  }

  long first() {
    return events.isEmpty() ? 0 : events.get(0).time();
  }

  long last() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).time();
  }

  /** The times of the first and last usable events, before --to cut anything; empty when none is usable. */
  Optional<long[]> dataSpan() {
    return span;
  }

  /** Whether an event falls within [from, to]: something to trade on. */
  boolean holdsEventsWithin(long from, long to) {
    return events.stream().anyMatch(e -> e.time() >= from && e.time() <= to);
  }

  List<FileUse> files() {
    return uses;
  }

  /** Whether the symbol's ticker and book come from a recorded stream (else derived from its bars). */
  boolean recordsQuotes(String symbol) {
    return !files.stream(symbol).isEmpty();
  }

  /** The REST snapshot of a symbol's recorded stream, read once. */
  Optional<DepthSnapshot> snapshot(String symbol) {
    Optional<DepthSnapshot> read = snapshots.get(symbol); // runs on several threads share the timeline: no caching here
    return read != null ? read : files.snapshot(symbol).map(DepthSnapshot::of);
  }

  /** The symbols with usable data. */
  List<String> symbols() {
    return events.stream().map(Event::symbol).distinct().sorted().toList();
  }
}
