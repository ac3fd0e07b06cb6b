package dev.mariposa.market;

import dev.mariposa.config.MariposaConfig.MarketSource;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the market feed actually publishes, which is not always what MARKET_SOURCE says: binance
 * falls back to synthetic prices when Binance is unreachable at start (paper exchange only), or
 * has no market data (a real exchange); a replay's prices are those of the recorded days. One per
 * process ({@link MarketDataService#source()}), set by this process's feed and by the fallbacks
 * other instances' feeds announce on {@code system.status}. Thread-safe.
 */
public final class RunningSource {
  /** The prices the feed publishes. {@code PENDING}: binance, its reachability check not answered yet. */
  public enum Prices { PENDING, LIVE, SYNTHETIC, REPLAYED, NONE }

  /**
   * {@code reason}: why the feed fell back or has no data; {@code from}/{@code to}: the recorded
   * days a replay plays (UTC).
   */
  public record State(MarketSource source, Prices prices, Optional<String> reason, Optional<LocalDate> from,
                      Optional<LocalDate> to) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("source", source.name().toLowerCase(Locale.ROOT))
          .put("prices", prices.name().toLowerCase(Locale.ROOT));
      reason.ifPresent(r -> json.put("reason", r));
      from.ifPresent(d -> json.put("from", d.toString()));
      to.ifPresent(d -> json.put("to", d.toString()));
      return json;
    }

    /** The recorded days a replay plays: "2024-09-21", or "2021-04-05 to 2024-09-21". */
    public Optional<String> days() {
      return from.flatMap(f -> to.map(t -> f.equals(t) ? f.toString() : f + " to " + t));
    }

    /** Read back from {@link #toJson()} (another instance's report); empty if it is not one. */
    public static Optional<State> fromJson(JsonObject json) {
      try {
        return Optional.of(new State(MarketSource.valueOf(json.getString("source").toUpperCase(Locale.ROOT)),
            Prices.valueOf(json.getString("prices").toUpperCase(Locale.ROOT)), Optional.ofNullable(json.getString("reason")),
            Optional.ofNullable(json.getString("from")).map(LocalDate::parse),
            Optional.ofNullable(json.getString("to")).map(LocalDate::parse)));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  private final AtomicReference<State> state;

  public RunningSource(MarketSource configured) {
    Prices prices = switch (configured) {
      case BINANCE -> Prices.PENDING;
      case REPLAY -> Prices.REPLAYED;
      case SYNTHETIC -> Prices.SYNTHETIC;
    };
    this.state = new AtomicReference<>(new State(configured, prices, Optional.empty(), Optional.empty(), Optional.empty()));
  }

  public State state() {
    return state.get();
  }

  /**
   * Whether the exchange's REST API stands behind the market cache: binance, not fallen back. After
   * a fallback the cache holds what the synthetic feed writes and answers alone, as it does with
   * MARKET_SOURCE=synthetic (exchange values would mix real prices into synthetic ones).
   */
  public boolean exchangeBehind() {
    State now = state.get();
    return now.source() == MarketSource.BINANCE && now.prices() != Prices.SYNTHETIC;
  }

  /** This process's feed: Binance answered the reachability check, live prices. */
  public void live() {
    state.updateAndGet(s -> with(s, Prices.LIVE, Optional.empty()));
  }

  /** Binance is unreachable and the feed publishes synthetic prices instead. */
  public void fellBack(String reason) {
    state.updateAndGet(s -> with(s, Prices.SYNTHETIC, Optional.of(reason)));
  }

  /** Binance is unreachable and nothing replaces it (a real exchange). */
  public void noData(String reason) {
    state.updateAndGet(s -> s.prices() == Prices.SYNTHETIC ? s : with(s, Prices.NONE, Optional.of(reason)));
  }

  /** A replay plays the recorded days {@code from} to {@code to}. */
  public void replaying(LocalDate from, LocalDate to) {
    state.updateAndGet(s -> new State(s.source(), s.prices(), s.reason(), Optional.of(from), Optional.of(to)));
  }

  /**
   * A {@code system.status} event. A feed announcing a fallback ({@code "component":"feed",
   * "prices":"synthetic"}) puts synthetic prices in the shared cache: a binance process that has
   * not decided by itself (it has no feed, or its check has not answered) follows it.
   */
  public void hear(JsonObject status) {
    if (status != null && "feed".equals(status.getString("component")) && "synthetic".equals(status.getString("prices"))) {
      Optional<String> reason = Optional.of(status.getString("state", "synthetic fallback"));
      state.updateAndGet(s -> s.source() == MarketSource.BINANCE && s.prices() == Prices.PENDING
          ? with(s, Prices.SYNTHETIC, reason) : s);
    }
  }

  private static State with(State s, Prices prices, Optional<String> reason) {
    return new State(s.source(), prices, reason, s.from(), s.to());
  }
}
