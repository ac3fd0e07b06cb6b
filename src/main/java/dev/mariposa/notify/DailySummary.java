package dev.mariposa.notify;

import dev.mariposa.agent.AgentRepository;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The daily summary: each agent's P/L and equity, once per UTC day at or after the configured
 * time. The notifier asks {@link #due} every few seconds; the day is claimed in Redis (SET NX,
 * two days), so a notifier that takes over after the first one sent it does not send it again.
 * A cluster down at the time sends it when it starts later that day.
 */
final class DailySummary {
  private final LocalTime at;
  private final Clock clock;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final AgentRepository agents;
  private final AgentFigures figures;
  /** The last day this instance knows was claimed, by it or another: no Redis or MongoDB call until the next. */
  private LocalDate done;

  DailySummary(LocalTime at, Clock clock, RedisConnections redis, RedisKeys keys, AgentRepository agents,
               AgentFigures figures) {
    this.at = at;
    this.clock = clock;
    this.redis = redis;
    this.keys = keys;
    this.agents = agents;
    this.figures = figures;
  }

  /** Sends today's summary to {@code send} if it is time and nobody sent it yet; true when it did. */
  Future<Boolean> due(Consumer<String> send) {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
    if (now.toLocalTime().isBefore(at)) {
      return Future.succeededFuture(false);
    }
    LocalDate day = now.toLocalDate();
    if (day.equals(done)) {
      return Future.succeededFuture(false);
    }
    // No agents yet (a cluster starting creates its demo agents): nothing to tell, asked again later.
    return agents.all().compose(all -> all.isEmpty() ? Future.succeededFuture(false)
        : claim(day).compose(first -> {
          done = day;
          return !first ? Future.succeededFuture(false) : figures.of(all)
              .map(each -> Messages.profit("Daily summary " + day + " (UTC):", each))
              .onSuccess(send::accept)
              .map(text -> true);
        }));
  }

  private Future<Boolean> claim(LocalDate day) {
    return redis.send(Request.cmd(Command.SET).arg(keys.key("job:", "notify", "summary", day.toString())).arg("1")
            .arg("NX").arg("PX").arg(Duration.ofDays(2).toMillis()))
        .map(response -> Optional.ofNullable(response).map(Object::toString).filter("OK"::equals).isPresent());
  }
}
