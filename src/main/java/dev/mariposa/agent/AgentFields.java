package dev.mariposa.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each field of an agent's JSON means, for docs/CONFIGURATION.md. The defaults there are not
 * written here: they are what {@link AgentJson#parse} makes of an agent that gives only its symbols.
 * Nested fields are named with a dot ({@code risk.stopLossPct}).
 */
public final class AgentFields {
  public static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

  static {
    DESCRIPTIONS.put("id", "1–40 lower-case letters, digits or `-`, starting with a letter or digit (`halt` and "
        + "`inflight` are reserved). Taken from the path on a PUT.");
    DESCRIPTIONS.put("name", "1–80 printable characters; the id when absent.");
    DESCRIPTIONS.put("symbols", "Required: 1–20 symbols such as `BTCUSDT`, each listed once.");
    DESCRIPTIONS.put("interval", "Bar interval analysed at each close: `1m`, `3m`, `5m`, `15m`, `30m`, `1h`, `2h`, "
        + "`4h`, `6h`, `8h`, `12h` or `1d`.");
    DESCRIPTIONS.put("models", "1–8 models, each a name or `{name, weight}` (weight above 0, at most 10; 1 when "
        + "absent): `technical`, `orderflow` (decides on the order book and trades too), `llm:<model>` (one of "
        + "`AI_MODELS`) or `remote:<name>` (a process on the TCP bridge). The technical model's entry may carry "
        + "`params`: `threshold` (0.25, the score beyond which it votes), `oversold`/`overbought` (RSI 30/70) and "
        + "its indicator periods `rsi` 14, `emaFast` 9, `emaSlow` 21, `macdFast` 12, `macdSlow` 26, `macdSignal` 9, "
        + "`bollinger` 20, `bollingerK` 2, `atr` 14, `vwap` 20 (each absent one standard).");
    DESCRIPTIONS.put("minConfidence", "Confidence (0–1) below which the agent holds.");
    DESCRIPTIONS.put("agreement", "Weight share (above 0, at most 1) the winning action needs in the models' vote.");
    DESCRIPTIONS.put("risk.maxOpenPositions", "Positions open at once (1–100).");
    DESCRIPTIONS.put("risk.maxPositionNotional", "Largest position in the quote asset: a BUY is sized up to it.");
    DESCRIPTIONS.put("risk.maxOrdersPerMinute", "Orders per minute (1–600); exits are not counted against it.");
    DESCRIPTIONS.put("risk.dailyLossLimit", "Realised loss in the quote asset in one UTC day after which BUYs are "
        + "refused.");
    DESCRIPTIONS.put("risk.maxDrawdownPct", "Drawdown from the account's peak equity, in percent (above 0, at most "
        + "100), after which BUYs are refused.");
    DESCRIPTIONS.put("risk.cooldownSeconds", "Seconds after a losing trade during which BUYs are refused (0–86400).");
    DESCRIPTIONS.put("risk.maxTickerAgeSeconds", "Oldest ticker an order may be priced on, in seconds (1–300).");
    DESCRIPTIONS.put("risk.stopLossPct", "Close the position when the price falls this many percent below the entry "
        + "(rises above it, for a short) (0–50; 0: off; a swap needs one, inside its liquidation price).");
    DESCRIPTIONS.put("risk.takeProfitPct", "Close the position when the price rises this many percent above the entry "
        + "(0–1000; 0: off).");
    DESCRIPTIONS.put("risk.trailingStopPct", "Close the position when the price falls this many percent below the best "
        + "price since the entry (0–50; 0: off).");
    DESCRIPTIONS.put("risk.liquidationBufferPct", "Swap: the closest an entry may put the position's liquidation price, "
        + "in percent of the mark (0–90, default 5).");
    DESCRIPTIONS.put("risk.maxFundingRatePct", "Swap: the highest funding rate an entry accepts to pay at the next "
        + "funding, in percent (0–5, default 0.1); a long pays a positive rate, a short a negative one.");
    DESCRIPTIONS.put("account.market", "`spot` (long only, paid in full; the default) or `swap` (the symbol's "
        + "USDT-margined perpetual swap: long and short, on margin).");
    DESCRIPTIONS.put("account.marginMode", "Swap: `isolated` (a position's own margin is all a liquidation takes; the "
        + "default) or `cross` (the account's free cash backs it).");
    DESCRIPTIONS.put("account.leverage", "Swap: the leverage (1–125, default 1), set at the venue before the first "
        + "order and refused above the instrument's maximum; the stop-loss must come before the liquidation it allows.");
    DESCRIPTIONS.put("account.short", "Swap: whether a SELL with nothing held opens a short (default false); short "
        + "entries are market, IOC or FOK orders.");
    DESCRIPTIONS.put("account.exchange", "`paper` or `okx` (trades on OKX only with `EXCHANGE=okx`).");
    DESCRIPTIONS.put("account.startingBalance", "The paper account's starting balance in the quote asset.");
    DESCRIPTIONS.put("execution.type", "How entries reach the venue: `market` (the default), `ioc` (a limit at most "
        + "`maxSlippageBps` above the mid the order was sized at; what the book has up to it is taken, the rest "
        + "cancelled), `fok` (all of it up to that price, or nothing), or a resting maker entry: `limit` or "
        + "`post_only` (refused by the venue when its price would take), priced by `price`, living `ttlMs`, then "
        + "repriced up to `maxReprices` times, then cancelled (or crossed: `onExpiry`). Exits and closes are always "
        + "market orders.");
    DESCRIPTIONS.put("execution.maxSlippageBps", "The limit of an `ioc` or `fok` entry, and the most a resting entry "
        + "chases, in basis points above the mid it was sized at (above 0, at most 500; 10 when absent).");
    DESCRIPTIONS.put("execution.price", "A resting entry's price: `join` the best bid (the default), `improve` it by "
        + "`improveTicks`, or `offset` `offsetBps` below the mid; always below the best ask.");
    DESCRIPTIONS.put("execution.improveTicks", "Ticks above the best bid for `price` improve (1–1000; 1 when absent).");
    DESCRIPTIONS.put("execution.offsetBps", "Basis points below the mid for `price` offset (0–500; 5 when absent).");
    DESCRIPTIONS.put("execution.ttlMs", "How long a resting entry waits at one price before it is repriced, "
        + "cancelled or crossed (250–120000 ms; 5000 when absent). ttlMs × (maxReprices + 2) is at most 240000.");
    DESCRIPTIONS.put("execution.maxReprices", "How many times a resting entry is moved to the price its rule gives "
        + "when the market has moved up (0–20; 3 when absent), never above `maxSlippageBps` over the first mid.");
    DESCRIPTIONS.put("execution.cancelOnImbalance", "A resting entry is cancelled as soon as the book turns against "
        + "it: the imbalance of the top 10 levels' sizes (-1 all asks, +1 all bids) at or below minus this (0–1; 0, "
        + "the default: off). Sellers pressing on a resting buy mean it would likely fill just before the price falls.");
    DESCRIPTIONS.put("execution.onExpiry", "What a resting entry does when it may not chase any more: `cancel` (the "
        + "default), or `cross` (type `limit` only: moved to the `maxSlippageBps` limit, taking what is there, for one "
        + "last ttlMs).");
    DESCRIPTIONS.put("enabled", "`false` keeps the agent but stops its analysis, and the risk gate refuses its "
        + "signals.");
  }

  private AgentFields() {}
}
