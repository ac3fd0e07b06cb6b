package dev.mariposa.agent;

import java.util.Locale;

/**
 * What an agent's account trades: spot (long only, paid in full) or a USDT-margined perpetual swap
 * (long or short, on margin at a leverage). For a swap, {@code marginMode} says whether a position's
 * margin is its own (isolated: a liquidation loses that margin only) or the account's (cross), and
 * {@code leverage} is set at the venue before the first order and checked against the instrument's
 * maximum. {@code shorts}: whether a SELL with nothing held opens a short (a swap agent only).
 */
public record Market(Kind kind, MarginMode marginMode, int leverage, boolean shorts) {
  public enum Kind { SPOT, SWAP }

  public enum MarginMode {
    ISOLATED, CROSS;

    /** As OKX names it in tdMode and mgnMode. */
    public String venueName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The highest leverage an agent may ask for; an instrument may allow less. */
  public static final int MAX_LEVERAGE = 125;

  public static final Market SPOT = new Market(Kind.SPOT, MarginMode.ISOLATED, 1, false);

  public Market {
    if (leverage < 1 || leverage > MAX_LEVERAGE) {
      throw new IllegalArgumentException("leverage must be 1 to " + MAX_LEVERAGE + ", got " + leverage);
    }
    if (kind == Kind.SPOT && (leverage != 1 || shorts)) {
      throw new IllegalArgumentException("a spot account trades unlevered and long only");
    }
  }

  public static Market swap(MarginMode marginMode, int leverage, boolean shorts) {
    return new Market(Kind.SWAP, marginMode, leverage, shorts);
  }

  public boolean isSwap() {
    return kind == Kind.SWAP;
  }
}
