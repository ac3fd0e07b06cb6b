package dev.mariposa.research.guards;

import dev.mariposa.metrics.TradeFill;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's fills folded into closed round trips, the trade sequence the Monte Carlo guard
 * reshuffles: per symbol, a round trip opens with a buy from flat (or a swap's sell: a short) and
 * closes when fills the other way bring the position back to flat (as {@code Performance} counts
 * them); a swap's funding counts in the trip it is paid in. Sells take the oldest
 * bought lots first (FIFO); a trip's P/L is what its sells brought in less what its buys cost, less
 * every fee of its fills, so the trips' P/L adds up to {@code Performance}'s realized profit (which
 * keeps an average cost: over a trip from flat to flat both come to the same). A sell beyond the
 * position sells what is held (its fee goes to the trip it closes); a sell with nothing held only
 * costs its fee, counted with the open trips' P/L.
 */
public final class RoundTrips {
  private static final MathContext MC = MathContext.DECIMAL64;

  private RoundTrips() {}

  /**
   * One closed round trip: {@code cost} what its buys cost (fees aside), {@code pnl} its profit
   * after every fee, {@code returnPct} that profit in percent of the cost.
   */
  public record RoundTrip(String symbol, long openedAt, long closedAt, BigDecimal quantity, BigDecimal cost,
                          BigDecimal pnl, double returnPct) {
    public long durationMs() {
      return closedAt - openedAt;
    }
  }

  /**
   * The closed trips in the order they closed, and {@code openRealized}: the realized P/L (fees
   * included) of trips still open at the end, so that Σ trips' P/L + openRealized = realized.
   */
  public record Folded(List<RoundTrip> closed, BigDecimal openRealized) {
    public double[] pnls() {
      return closed.stream().mapToDouble(t -> t.pnl().doubleValue()).toArray();
    }

    /** Each trip's return as a fraction (not percent): what {@link MonteCarlo#ofReturns} compounds. */
    public double[] returns() {
      return closed.stream().mapToDouble(t -> t.returnPct() / 100).toArray();
    }
  }

  /** {@code fills} in time order (as a run's {@code Outcome.fills()} gives them). */
  public static Folded of(List<TradeFill> fills) {
    Map<String, Open> open = new HashMap<>();
    List<RoundTrip> closed = new ArrayList<>();
    BigDecimal stray = BigDecimal.ZERO; // fees of sells with nothing held, funding with nothing held
    for (TradeFill f : fills) {
      Open trip = open.get(f.symbol());
      if (f.isFunding()) {
        if (trip == null) {
          stray = stray.add(f.funding(), MC);
        } else {
          trip.pnl = trip.pnl.add(f.funding(), MC);
        }
        continue;
      }
      boolean opens = trip == null ? f.buy() || f.swap() : trip.longTrip == f.buy();
      if (opens) {
        if (trip == null) {
          trip = new Open(f.at(), f.buy());
          open.put(f.symbol(), trip);
        }
        trip.lots.addLast(new BigDecimal[] {f.quantity(), f.price()});
        trip.quantity = trip.quantity.add(f.quantity(), MC);
        trip.cost = trip.cost.add(f.quantity().multiply(f.price(), MC), MC);
        trip.pnl = trip.pnl.subtract(f.fee(), MC);
        continue;
      }
      if (trip == null) { // nothing held: only its fee is lost
        stray = stray.subtract(f.fee(), MC);
        continue;
      }
      trip.pnl = trip.pnl.subtract(f.fee(), MC);
      BigDecimal left = f.quantity();
      while (left.signum() > 0 && !trip.lots.isEmpty()) {
        BigDecimal[] lot = trip.lots.peekFirst();
        BigDecimal taken = left.min(lot[0]);
        BigDecimal gain = f.price().subtract(lot[1], MC).multiply(taken, MC);
        trip.pnl = trip.pnl.add(trip.longTrip ? gain : gain.negate(), MC);
        lot[0] = lot[0].subtract(taken, MC);
        left = left.subtract(taken, MC);
        if (lot[0].signum() == 0) {
          trip.lots.removeFirst();
        }
      }
      if (trip.lots.isEmpty()) {
        double returnPct = trip.cost.signum() == 0 ? 0 : trip.pnl.doubleValue() * 100 / trip.cost.doubleValue();
        closed.add(new RoundTrip(f.symbol(), trip.openedAt, f.at(), trip.quantity, trip.cost, trip.pnl, returnPct));
        open.remove(f.symbol());
      }
    }
    BigDecimal openRealized = stray;
    for (Open trip : open.values()) {
      openRealized = openRealized.add(trip.pnl, MC);
    }
    return new Folded(List.copyOf(closed), openRealized);
  }

  /** A trip being held: long or short (a swap's), its lots (quantity left, price), what was bought or sold, and its P/L booked so far. */
  private static final class Open {
    final long openedAt;
    final boolean longTrip;
    final Deque<BigDecimal[]> lots = new ArrayDeque<>();
    BigDecimal quantity = BigDecimal.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    BigDecimal pnl = BigDecimal.ZERO;

    Open(long openedAt, boolean longTrip) {
      this.openedAt = openedAt;
      this.longTrip = longTrip;
    }
  }
}
