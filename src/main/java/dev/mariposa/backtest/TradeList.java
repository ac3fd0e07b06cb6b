package dev.mariposa.backtest;

import dev.mariposa.metrics.TradeFill;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One side's trades for a parity check: per agent, its executions in order and its realized PnL.
 * Its canonical text is one line per execution, {@code agent time side quantity price fee} (UTC
 * time to the millisecond, plain decimals without trailing zeros), then one {@code agent pnl}
 * line per agent (to the cent); its hash is that text's SHA-256.
 */
record TradeList(Map<String, List<TradeFill>> fills, Map<String, BigDecimal> pnl) {

  List<String> lines() {
    // By time, then by the line: executions of one moment in one order on both sides
    List<String> trades = fills.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .flatMap(e -> e.getValue().stream().sorted(Comparator.comparingLong(TradeFill::at)
            .thenComparing(TradeList::line)).map(f -> e.getKey() + " " + line(f))).toList();
    List<String> money = pnl.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " pnl " + cents(e.getValue())).toList();
    return Stream.concat(trades.stream(), money.stream()).toList();
  }

  int fillCount() {
    return fills.values().stream().mapToInt(List::size).sum();
  }

  BigDecimal totalPnl() {
    return pnl.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_EVEN);
  }

  String sha256() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(String.join("\n", lines()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first line where the two differ, as "line N: backtest … | live …", if any. */
  Optional<String> firstDifference(TradeList live) {
    List<String> mine = lines();
    List<String> theirs = live.lines();
    for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
      String a = i < mine.size() ? mine.get(i) : "(none)";
      String b = i < theirs.size() ? theirs.get(i) : "(none)";
      if (!a.equals(b)) {
        return Optional.of("line " + (i + 1) + ": backtest " + a + " | live " + b);
      }
    }
    return Optional.empty();
  }

  static String line(TradeFill f) {
    return Instant.ofEpochMilli(f.at()) + " " + (f.buy() ? "BUY" : "SELL") + " " + plain(f.quantity()) + " "
        + plain(f.price()) + " " + plain(f.fee());
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static String cents(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}
