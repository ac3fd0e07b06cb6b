package dev.mariposa.signal;

import dev.mariposa.redis.LuaScript;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The trade queue: a Redis Stream read by the consumer group of the trade role. The signal role
 * appends approved tickets; a trade instance reads with XREADGROUP, acknowledges once the order's
 * outcome is durable in MongoDB, takes over entries idle longer than the slowest handler with
 * XAUTOCLAIM, and moves an entry delivered too many times to the dead-letter stream with its
 * reason. Bounded twice: every append trims approximately to trade.streamMaxLength (MAXLEN ~, far
 * above what is ever pending), and {@link #trimAcknowledged()} removes the entries every group has
 * acknowledged (MINID ~ the oldest pending one), so the stream holds little more than its backlog.
 */
public final class TradeStream {
  public static final String GROUP = "traders";
  public static final long DEFAULT_MAX_LENGTH = 100_000;
  private static final LuaScript TOUCH = LuaScript.load("stream-touch");
  private static final LuaScript TRIM = LuaScript.load("stream-trim");

  private final RedisConnections redis;
  private final String stream;
  private final String dead;
  private final long maxLength;

  /** One delivered entry. */
  public record Entry(String id, TradeTicket ticket) {}

  /** Delivered entries, the ids of those that cannot be read (to dead-letter), and where an XAUTOCLAIM scan goes on. */
  public record Delivery(String next, List<Entry> entries, List<String> unreadable) {}

  public TradeStream(RedisConnections redis, RedisKeys keys) {
    this(redis, keys, DEFAULT_MAX_LENGTH);
  }

  /** {@code maxLength}: the approximate bound of the stream and of its dead letters (trade.streamMaxLength). */
  public TradeStream(RedisConnections redis, RedisKeys keys, long maxLength) {
    this.redis = redis;
    this.maxLength = maxLength;
    String tag = RedisKeys.tag("trades");
    this.stream = keys.key("queue:", tag, "stream");
    this.dead = keys.key("queue:", tag, "dead");
  }

  public String key() {
    return stream;
  }

  public String deadLetterKey() {
    return dead;
  }

  public Future<String> append(TradeTicket ticket) {
    return redis.send(Request.cmd(Command.XADD).arg(stream).arg("MAXLEN").arg("~").arg(maxLength).arg("*")
        .arg("t").arg(ticket.toJson().encode())).map(Response::toString);
  }

  /** Creates the group at the start of the stream (so nothing appended before is skipped); idempotent. */
  public Future<Void> ensureGroup() {
    return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg(GROUP).arg("0").arg("MKSTREAM"))
        .<Void>mapEmpty()
        .recover(t -> String.valueOf(t.getMessage()).contains("BUSYGROUP") ? Future.succeededFuture() : Future.failedFuture(t));
  }

  /**
   * Entries for {@code consumer} from {@code from}: ">" new ones (blocking up to {@code block}),
   * "0" those delivered to it before and not acknowledged (after a restart).
   */
  public Future<Delivery> read(RedisConnection connection, String consumer, int count, Duration block, String from) {
    Request request = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg(consumer).arg("COUNT").arg(count);
    if (!block.isZero()) {
      request.arg("BLOCK").arg(block.toMillis());
    }
    // Bounded: a connection that stops answering (seen on a Redis Cluster) would stop the consumer.
    return connection.send(request.arg("STREAMS").arg(stream).arg(from))
        .timeout(block.toMillis() + redis.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .map(response -> {
          List<String> unreadable = new ArrayList<>();
          if (response == null) {
            return new Delivery(">", List.of(), unreadable);
          }
          // RESP3 answers a map {stream: entries}; RESP2 an array of [stream, entries].
          Response streamEntries = response.containsKey(stream) ? response.get(stream) : response.get(0).get(1);
          return new Delivery(">", entries(streamEntries, unreadable), unreadable);
        });
  }

  public Future<Void> ack(String id) {
    return redis.send(Request.cmd(Command.XACK).arg(stream).arg(GROUP).arg(id)).mapEmpty();
  }

  /** XAUTOCLAIM: entries idle longer than {@code minIdle}, from {@code start} ("0-0" the first time). */
  public Future<Delivery> claimIdle(String consumer, Duration minIdle, String start, int count) {
    return redis.send(Request.cmd(Command.XAUTOCLAIM).arg(stream).arg(GROUP).arg(consumer).arg(minIdle.toMillis())
            .arg(start).arg("COUNT").arg(count))
        .map(r -> {
          List<String> unreadable = new ArrayList<>();
          return new Delivery(r.get(0).toString(), entries(r.get(1), unreadable), unreadable);
        });
  }

  /**
   * Tells the group that {@code consumer} still works on these entries: those it owns stop looking
   * idle, so no other consumer takes them over (nor counts a delivery) while their handler runs.
   */
  public Future<Void> touch(String consumer, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> args = new ArrayList<>(ids.size() + 2);
    args.add(GROUP);
    args.add(consumer);
    args.addAll(ids);
    return TOUCH.run(redis, List.of(stream), args).mapEmpty();
  }

  /** How many times the group delivered this entry (0 when it is not pending). */
  public Future<Long> deliveries(String id) {
    return redis.send(Request.cmd(Command.XPENDING).arg(stream).arg(GROUP).arg(id).arg(id).arg(1))
        .map(r -> r == null || r.size() == 0 ? 0L : r.get(0).get(3).toLong());
  }

  /** Moves an entry to the dead-letter stream with its reason, then acknowledges it. */
  public Future<Void> deadLetter(String id, String raw, String reason) {
    return redis.send(Request.cmd(Command.XADD).arg(dead).arg("MAXLEN").arg("~").arg(maxLength).arg("*")
            .arg("id").arg(id).arg("t").arg(raw == null ? "" : raw).arg("reason").arg(reason))
        .compose(r -> ack(id));
  }

  /**
   * Removes the entries every group has acknowledged (older than the oldest pending one, or than
   * the last delivered one when none is pending); returns how many. Entries not yet delivered or
   * not acknowledged stay.
   */
  public Future<Long> trimAcknowledged() {
    return TRIM.run(redis, List.of(stream), List.of()).map(Response::toLong);
  }

  /** Entries in the stream (pending, acknowledged and not yet trimmed, not yet delivered). */
  public Future<Long> length() {
    return redis.send(Request.cmd(Command.XLEN).arg(stream)).map(Response::toLong);
  }

  /** Entries waiting in the group (delivered, not acknowledged). */
  public Future<Long> pending() {
    return redis.send(Request.cmd(Command.XPENDING).arg(stream).arg(GROUP)).map(r -> r == null ? 0L : r.get(0).toLong())
        .otherwise(0L);
  }

  private static List<Entry> entries(Response list, List<String> unreadable) {
    List<Entry> entries = new ArrayList<>();
    if (list == null) {
      return entries;
    }
    for (Response item : list) {
      if (item == null || item.size() < 2 || item.get(1) == null) {
        continue; // deleted from the stream while pending
      }
      String id = item.get(0).toString();
      Response fields = item.get(1);
      String json = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("t".equals(fields.get(i).toString())) {
          json = fields.get(i + 1).toString();
        }
      }
      try {
        entries.add(new Entry(id, TradeTicket.fromJson(new JsonObject(json))));
      } catch (RuntimeException e) {
        unreadable.add(id);
      }
    }
    return entries;
  }
}
