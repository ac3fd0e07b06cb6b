package dev.mariposa.exchange.okx;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Mariposa symbols (Binance style, {@code BTCUSDT}) to OKX instrument ids ({@code BTC-USDT}) and
 * back. A concatenated symbol has no separator, so the quote asset is found as the longest known
 * quote suffix (USDC before USD, say); a symbol ending in no known quote is refused rather than
 * guessed, because a wrong split would trade a different market.
 */
public final class OkxSymbols {
  /** The quote assets of OKX spot markets, longest first so that the longest suffix wins. */
  public static final List<String> QUOTES = List.of("USDT", "USDC", "USD", "EUR", "GBP", "AUD", "SGD", "AED", "TRY",
          "BRL", "BTC", "ETH", "OKB", "DAI").stream()
      .sorted(Comparator.comparingInt(String::length).reversed()).toList();

  private static final String SWAP_SUFFIX = "-SWAP";
  private static final Pattern ASSET = Pattern.compile("[A-Z0-9]+");

  private OkxSymbols() {}

  /** {@code BTCUSDT} → {@code BTC-USDT}; an id already in OKX form is checked and returned. */
  public static String toInstId(String symbol) {
    if (symbol == null || symbol.isBlank()) {
      throw new IllegalArgumentException("symbol must not be empty");
    }
    String s = symbol.trim().toUpperCase(Locale.ROOT);
    if (s.indexOf('-') >= 0) {
      toSymbol(s);
      return s;
    }
    if (!ASSET.matcher(s).matches()) {
      throw new IllegalArgumentException("symbol '" + symbol + "' must be letters and digits only, like BTCUSDT");
    }
    for (String quote : QUOTES) {
      if (s.length() > quote.length() && s.endsWith(quote)) {
        return s.substring(0, s.length() - quote.length()) + "-" + quote;
      }
    }
    throw new IllegalArgumentException("symbol '" + symbol + "' does not end in a known OKX quote asset " + QUOTES);
  }

  /** {@code BTCUSDT} → {@code BTC-USDT-SWAP}: the symbol's USDT-margined (linear) perpetual swap. */
  public static String toSwapInstId(String symbol) {
    return toInstId(symbol) + SWAP_SUFFIX;
  }

  /** {@code BTC-USDT-SWAP} → {@code BTCUSDT}. */
  public static String swapToSymbol(String swapInstId) {
    String s = swapInstId == null ? "" : swapInstId.trim().toUpperCase(Locale.ROOT);
    if (!s.endsWith(SWAP_SUFFIX)) {
      throw new IllegalArgumentException("'" + swapInstId + "' is not an OKX swap instrument id like BTC-USDT-SWAP");
    }
    return toSymbol(s.substring(0, s.length() - SWAP_SUFFIX.length()));
  }

  /** {@code BTC-USDT} → {@code BTCUSDT}. */
  public static String toSymbol(String instId) {
    if (instId == null) {
      throw new IllegalArgumentException("instrument id must not be empty");
    }
    String s = instId.trim().toUpperCase(Locale.ROOT);
    int dash = s.indexOf('-');
    if (dash <= 0 || dash != s.lastIndexOf('-') || dash == s.length() - 1
        || !ASSET.matcher(s.substring(0, dash)).matches() || !ASSET.matcher(s.substring(dash + 1)).matches()) {
      throw new IllegalArgumentException("'" + instId + "' is not an OKX spot instrument id like BTC-USDT");
    }
    return s.substring(0, dash) + s.substring(dash + 1);
  }
}
