package dev.mariposa.market.replay;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.Ticker;
import dev.mariposa.market.Kline;
import dev.mariposa.market.Precision;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The quote a kline replay derives from each closed bar, where the recording has no ticker or
 * book: bid and ask around the close, {@code spreadBps} apart, on the symbol's tick (the bid
 * rounded down, the ask up: exact decimals, as a venue quotes), each with the bar's volume as its
 * size (no more than was traded in the bar can be taken). The live replay publishes them and a
 * backtest uses them, so both trade on the same prices. Marked {@code derived}.
 */
public final class BarQuotes {
  private final BigDecimal halfSpread;

  public BarQuotes(double spreadBps) {
    this.halfSpread = BigDecimal.valueOf(spreadBps).divide(BigDecimal.valueOf(20_000));
  }

  private BigDecimal bid(Kline bar) {
    return tick(bar).price(bar.close().multiply(BigDecimal.ONE.subtract(halfSpread)), RoundingMode.FLOOR);
  }

  private BigDecimal ask(Kline bar) {
    return tick(bar).price(bar.close().multiply(BigDecimal.ONE.add(halfSpread)), RoundingMode.CEILING);
  }

  private static Precision tick(Kline bar) {
    return Precision.of(bar.symbol(), bar.close().doubleValue());
  }

  /** The ticker and the book of a bar, from one working-out of its bid and ask. */
  public record Quote(Ticker ticker, BookSnapshot book) {}

  /** The body of {@code market.ticker.<SYMBOL>} at the bar's close. */
  public Ticker ticker(Kline bar, long receivedAt) {
    return ticker(bar, receivedAt, bid(bar), ask(bar), size(bar));
  }

  /** The body of {@code market.book.<SYMBOL>}: one level each side. */
  public BookSnapshot book(Kline bar, long receivedAt) {
    return book(bar, receivedAt, bid(bar), ask(bar), size(bar));
  }

  /** Both, as {@link #ticker} and {@link #book} give them. */
  public Quote quote(Kline bar, long receivedAt) {
    BigDecimal bid = bid(bar);
    BigDecimal ask = ask(bar);
    BigDecimal size = size(bar);
    return new Quote(ticker(bar, receivedAt, bid, ask, size), book(bar, receivedAt, bid, ask, size));
  }

  /** The bar's volume, the size quoted each side, written as a body holds it: once for the ticker and the book. */
  private static BigDecimal size(Kline bar) {
    return JsonDecimals.number(bar.volume());
  }

  private static Ticker ticker(Kline bar, long receivedAt, BigDecimal bid, BigDecimal ask, BigDecimal size) {
    // Ticker.quote(...).asDerived().withUpdateId(closeTime), made at once
    return new Ticker(bar.symbol(), "replay", true, bar.closeTime(), receivedAt, bid, size, ask, size, null,
        bar.closeTime(), null);
  }

  private static BookSnapshot book(Kline bar, long receivedAt, BigDecimal bid, BigDecimal ask, BigDecimal size) {
    return new BookSnapshot(bar.symbol(), "replay", true, bar.closeTime(), bar.closeTime(), receivedAt,
        List.of(new BookSnapshot.Level(bid, size)), List.of(new BookSnapshot.Level(ask, size)));
  }
}
