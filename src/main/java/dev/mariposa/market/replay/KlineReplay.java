package dev.mariposa.market.replay;

import dev.mariposa.bus.Addresses;
import dev.mariposa.market.Kline;
import dev.mariposa.market.KlineAggregator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Replays closed bars of one symbol as {@code market.kline.<SYMBOL>.<interval>} events, with the
 * larger intervals aggregated from them. Speed 1 keeps the recorded pace, 60 plays a minute per
 * second, 0 goes as fast as the event loop allows (in slices, so the loop stays responsive).
 * With loop on it starts over at the end, forever.
 */
public final class KlineReplay {
  private static final int SLICE = 500;

  private final Vertx vertx;
  private final List<Kline> bars;
  private final List<String> largerIntervals;
  private final double speed;
  private final boolean loop;
  private final BiConsumer<String, JsonObject> publish;
  private List<KlineAggregator> aggregators;
  private int next;
  private long startedAt;
  private long timer = -1;
  private boolean stopped;

  /** {@code publish(address, event)}; {@code bars} in time order, all of one symbol and interval. */
  public KlineReplay(Vertx vertx, List<Kline> bars, List<String> largerIntervals, double speed, boolean loop,
                     BiConsumer<String, JsonObject> publish) {
    this.vertx = vertx;
    this.bars = bars;
    this.largerIntervals = largerIntervals;
    this.speed = speed;
    this.loop = loop;
    this.publish = publish;
  }

  public KlineReplay start() {
    next = 0;
    aggregators = largerIntervals.stream().map(KlineAggregator::new).toList();
    startedAt = System.currentTimeMillis();
    schedule();
    return this;
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void schedule() {
    if (stopped) {
      return;
    }
    if (next >= bars.size()) {
      if (loop && !bars.isEmpty()) {
        start();
      }
      return;
    }
    if (speed == 0) {
      vertx.runOnContext(v -> {
        for (int i = 0; i < SLICE && next < bars.size() && !stopped; i++) {
          emit(bars.get(next++));
        }
        schedule();
      });
      return;
    }
    long recordedOffset = bars.get(next).closeTime() - bars.get(0).closeTime();
    long due = startedAt + (long) (recordedOffset / speed);
    timer = vertx.setTimer(Math.max(1, due - System.currentTimeMillis()), id -> {
      emit(bars.get(next++));
      schedule();
    });
  }

  private void emit(Kline bar) {
    long now = System.currentTimeMillis();
    publish.accept(Addresses.kline(bar.symbol(), bar.interval()), bar.toJson(now, "replay"));
    for (KlineAggregator aggregator : aggregators) {
      aggregator.add(bar).ifPresent(larger ->
          publish.accept(Addresses.kline(larger.symbol(), larger.interval()), larger.toJson(now, "replay")));
    }
  }
}
