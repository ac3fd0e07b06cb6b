package dev.mariposa.market.replay;

import dev.mariposa.market.Kline;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The first and last days (UTC) a replay plays: its bars' open times and its recorded messages'
 * event times, so the banner and the dashboard can say "replayed prices from 2024-09-21".
 */
public record ReplayDays(LocalDate from, LocalDate to) {

  public static Optional<ReplayDays> of(ReplayFiles files) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (String symbol : files.symbols()) {
      List<Kline> bars = files.bars(symbol);
      if (!bars.isEmpty()) {
        first = Math.min(first, bars.get(0).openTime());
        last = Math.max(last, bars.get(bars.size() - 1).openTime());
      }
      List<JsonObject> messages = files.stream(symbol); // in recorded order; bookTicker messages carry no time
      for (int i = 0; i < messages.size(); i++) {
        Long at = eventTime(messages.get(i));
        if (at != null) {
          first = Math.min(first, at);
          break;
        }
      }
      for (int i = messages.size() - 1; i >= 0; i--) {
        Long at = eventTime(messages.get(i));
        if (at != null) {
          last = Math.max(last, at);
          break;
        }
      }
    }
    return first > last ? Optional.empty() : Optional.of(new ReplayDays(day(first), day(last)));
  }

  private static Long eventTime(JsonObject message) {
    JsonObject data = message.getJsonObject("data");
    return data == null ? null : data.getLong("E");
  }

  private static LocalDate day(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
  }
}
