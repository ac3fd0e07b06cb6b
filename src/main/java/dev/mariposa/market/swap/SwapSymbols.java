package dev.mariposa.market.swap;

import dev.mariposa.exchange.okx.OkxSymbols;
import java.util.Locale;

/**
 * Mariposa's symbol of a perpetual swap is its spot symbol ({@code BTCUSDT}); at OKX the swap is
 * {@code BTC-USDT-SWAP} and its index {@code BTC-USDT}. The quote is split off as
 * {@link OkxSymbols} splits it: a symbol ending in no known quote is refused, not guessed.
 */
public final class SwapSymbols {
  private static final String SWAP = "-SWAP";

  private SwapSymbols() {}

  /** {@code BTCUSDT} → {@code BTC-USDT-SWAP}. */
  public static String instId(String symbol) {
    return OkxSymbols.toInstId(symbol) + SWAP;
  }

  /** {@code BTCUSDT} → {@code BTC-USDT}, the index OKX anchors the swap to. */
  public static String indexInstId(String symbol) {
    return OkxSymbols.toInstId(symbol);
  }

  /** {@code BTC-USDT-SWAP} → {@code BTCUSDT}. */
  public static String symbol(String instId) {
    String id = instId == null ? "" : instId.trim().toUpperCase(Locale.ROOT);
    if (!id.endsWith(SWAP)) {
      throw new IllegalArgumentException("'" + instId + "' is not an OKX swap id like BTC-USDT-SWAP");
    }
    return OkxSymbols.toSymbol(id.substring(0, id.length() - SWAP.length()));
  }
}
