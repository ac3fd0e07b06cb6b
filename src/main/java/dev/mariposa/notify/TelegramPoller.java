package dev.mariposa.notify;

import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polling of the Bot API: getUpdates from the stored offset, each update handed to {@link
 * BotCommands} in order, then the offset past the last one stored in Redis (so the next leader
 * starts where this one stopped, and Telegram forgets what was confirmed), and again at once. A
 * failure waits: Telegram's {@code retry_after}, else a doubling backoff from 1 s to a minute.
 * A batch whose updates could not all be claimed (Redis down) is asked for again; the claims make
 * the second delivery of those that were acted on a no-op.
 */
final class TelegramPoller {
  private static final Logger LOG = LoggerFactory.getLogger(TelegramPoller.class);
  private static final long FIRST_BACKOFF_MS = 1_000;
  private static final long MAX_BACKOFF_MS = 60_000;

  private final Vertx vertx;
  private final TelegramClient client;
  private final BotCommands commands;
  private final RedisConnections redis;
  private final String offsetKey;
  private final Duration pollTimeout;
  private boolean running;
  private long backoffMs = FIRST_BACKOFF_MS;
  private long generation;

  TelegramPoller(Vertx vertx, TelegramClient client, BotCommands commands, RedisConnections redis, RedisKeys keys,
                 Duration pollTimeout) {
    this.vertx = vertx;
    this.client = client;
    this.commands = commands;
    this.redis = redis;
    this.offsetKey = keys.key("job:", "notify", "telegram", "offset");
    this.pollTimeout = pollTimeout;
  }

  /** Starts polling (on the caller's context); a second start while running does nothing. */
  void start() {
    if (running) {
      return;
    }
    running = true;
    long mine = ++generation;
    poll(mine);
  }

  /** Stops after the poll in flight (whose updates are not acted on). */
  void stop() {
    running = false;
    generation++;
  }

  private void poll(long mine) {
    if (!running || mine != generation) {
      return;
    }
    storedOffset()
        .compose(offset -> client.getUpdates(offset, pollTimeout).compose(updates -> act(updates, offset, mine)))
        .onSuccess(v -> {
          backoffMs = FIRST_BACKOFF_MS;
          poll(mine);
        })
        .onFailure(t -> {
          long wait = t instanceof SendFailure f && f.retryAfter().isPresent() ? f.retryAfter().get().toMillis() : jittered();
          LOG.warn("Telegram getUpdates failed, polling again in {} ms: {}", wait, t.getMessage());
          backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
          vertx.setTimer(Math.max(1, wait), id -> poll(mine));
        });
  }

  private Future<Long> storedOffset() {
    return redis.send(Request.cmd(Command.GET).arg(offsetKey)).map(r -> r == null ? 0L : r.toLong());
  }

  /** Each update in order, then the offset after the last; a stop or a claim that failed ends the batch early. */
  private Future<Void> act(JsonArray updates, long offset, long mine) {
    Future<Long> next = Future.succeededFuture(offset);
    for (Object item : updates) {
      JsonObject update = (JsonObject) item;
      next = next.compose(done -> {
        if (mine != generation) {
          return Future.succeededFuture(done);
        }
        long id = update.getLong("update_id");
        return commands.handle(update).map(v -> Math.max(done, id + 1));
      });
    }
    return next.compose(last -> last == offset ? Future.<Void>succeededFuture()
        : redis.send(Request.cmd(Command.SET).arg(offsetKey).arg(last)).mapEmpty());
  }

  private long jittered() {
    return backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
  }
}
