package dev.mariposa.backtest;

import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.RecordedStream;
import dev.mariposa.market.replay.ReplayFiles;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every recorded event of the run in time order, all symbols merged (stable: events of one time
 * keep their file order): a kline CSV's bars at their close times, a recorded stream's messages at
 * their event times. Events after {@code to} are left out; those before {@code from} warm the
 * indicators and the books but trade nothing.
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

  record MessageEvent(String symbol, JsonObject message, long time) implements Event {}

  private final List<Event> events;
  private final ReplayFiles files;

  private Timeline(List<Event> events, ReplayFiles files) {
    this.events = events;
    this.files = files;
  }

  static Timeline of(ReplayFiles files, long to) {
    List<Event> events = new ArrayList<>();
    for (String symbol : files.symbols()) {
      for (Kline bar : files.bars(symbol)) {
        if (bar.closeTime() <= to) {
          events.add(new BarEvent(bar));
        }
      }
      for (RecordedStream.Timed timed : RecordedStream.timed(files.stream(symbol))) {
        if (timed.time() <= to) {
          events.add(new MessageEvent(symbol, timed.message(), timed.time()));
        }
      }
    }
    events.sort(Comparator.comparingLong(Event::time)); // stable: a symbol's own order is kept
    return new Timeline(List.copyOf(events), files);
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

  /** Whether the symbol's ticker and book come from a recorded stream (else derived from its bars). */
  boolean recordsQuotes(String symbol) {
    return !files.stream(symbol).isEmpty();
  }

  Optional<JsonObject> snapshot(String symbol) {
    return files.snapshot(symbol);
  }

  List<String> symbols() {
    return List.copyOf(files.symbols());
  }
}
