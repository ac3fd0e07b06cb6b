package dev.mariposa.http.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Delivers event-bus messages to the sockets that registered their address: one consumer per
 * address (not per socket), each message encoded once and the same frame written to every socket.
 *
 * <p>Snapshot addresses (tickers, books: the bridge's coalesce prefixes) are latest-wins and paced:
 * written at most once per snapshot interval, always the newest message, so a message that finds
 * the previous one still waiting replaces it. A tick after a quiet interval goes out at once; a
 * stream of 1000 ticks a second becomes one frame per interval per socket, each the tick just
 * received (a browser cannot show more, and every frame written to 1000 sockets costs 1000
 * writes). A socket whose write queue is full skips frames and gets the newest one when it drains.
 * So a slow browser, or more ticks than sockets can take, costs freshness, never an unbounded
 * queue. Every other address delivers each message; a socket that cannot keep up with those is
 * closed (its client reconnects and reloads).
 *
 * <p>Runs on one HTTP verticle's event loop, with that verticle's sockets.
 */
final class Fanout {
  /** Vert.x timers count whole milliseconds: a shorter wait is a flush after the current burst. */
  private static final long MIN_TIMER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private final Vertx vertx;
  private final Context context;
  private final List<String> latestWinsPrefixes;
  private final long snapshotIntervalNanos;
  private final Map<String, Channel> channels = new HashMap<>();
  private final Counter written;
  private final Counter coalesced;
  private final Counter slowClosed;

  private final class Channel {
    final String address;
    final boolean latestWins;
    final Set<BridgeSocket> sockets = new LinkedHashSet<>();
    final MessageConsumer<Object> consumer;
    /** Latest-wins: the newest body not yet written, and the last frame written (for drained sockets). */
    Object pending;
    Buffer latest;
    boolean flushScheduled;
    long flushedAt = System.nanoTime() - snapshotIntervalNanos;

    Channel(String address) {
      this.address = address;
      this.latestWins = latestWinsPrefixes.stream().anyMatch(address::startsWith);
      this.consumer = vertx.eventBus().consumer(address, message -> deliver(this, message.body()));
    }
  }

  Fanout(Vertx vertx, Context context, List<String> latestWinsPrefixes, Duration snapshotInterval,
         MeterRegistry registry) {
    this.vertx = vertx;
    this.context = context;
    this.latestWinsPrefixes = List.copyOf(latestWinsPrefixes);
    this.snapshotIntervalNanos = snapshotInterval.toNanos();
    this.written = Counter.builder("mariposa.bridge.sockjs.frames").description("Frames written to SockJS sockets")
        .register(registry);
    this.coalesced = Counter.builder("mariposa.bridge.sockjs.coalesced")
        .description("Snapshot frames replaced by a newer one before a socket took them").register(registry);
    this.slowClosed = Counter.builder("mariposa.bridge.sockjs.slow.closed")
        .description("SockJS sockets closed because they could not keep up").register(registry);
  }

  void add(String address, BridgeSocket socket) {
    channels.computeIfAbsent(address, Channel::new).sockets.add(socket);
  }

  void remove(String address, BridgeSocket socket) {
    Channel channel = channels.get(address);
    if (channel != null && channel.sockets.remove(socket) && channel.sockets.isEmpty()) {
      channel.consumer.unregister();
      channels.remove(address);
    }
  }

  /** A drained socket catches up with the newest frame of each snapshot address it skipped. */
  void drained(BridgeSocket socket, Set<String> skipped) {
    for (String address : skipped) {
      Channel channel = channels.get(address);
      if (channel != null && channel.latest != null && channel.sockets.contains(socket)) {
        socket.write(channel.latest);
        written.increment();
      }
    }
  }

  private void deliver(Channel channel, Object body) {
    if (!channel.latestWins) {
      Buffer frame = Frames.message(channel.address, body);
      for (BridgeSocket socket : List.copyOf(channel.sockets)) {
        if (socket.writeQueueFull()) {
          if (socket.close("slow consumer")) {
            slowClosed.increment();
          }
        } else {
          socket.write(frame);
          written.increment();
        }
      }
      return;
    }
    if (channel.flushScheduled) {
      coalesced.increment();
    }
    channel.pending = body; // encoded at the flush: a body replaced before it costs nothing
    if (!channel.flushScheduled) {
      channel.flushScheduled = true;
      long wait = channel.flushedAt + snapshotIntervalNanos - System.nanoTime();
      if (wait < MIN_TIMER_NANOS) {
        // After the messages already queued on this loop: a burst collapses to its newest.
        context.runOnContext(v -> flush(channel));
      } else {
        vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(wait + MIN_TIMER_NANOS - 1), id -> flush(channel));
      }
    }
  }

  private void flush(Channel channel) {
    channel.flushScheduled = false;
    channel.flushedAt = System.nanoTime();
    Buffer frame = Frames.message(channel.address, channel.pending);
    channel.latest = frame;
    channel.pending = null;
    for (BridgeSocket socket : channel.sockets) {
      if (socket.writeQueueFull()) {
        socket.skipped(channel.address);
        coalesced.increment();
      } else {
        socket.write(frame);
        written.increment();
      }
    }
  }
}
