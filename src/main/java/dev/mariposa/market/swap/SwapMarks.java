package dev.mariposa.market.swap;

import dev.mariposa.bus.JsonDecimals;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A perpetual swap's market state as the feed knows it: the latest mark price, index price and
 * funding, each as OKX last sent it (they come on three channels at their own paces, so any may
 * be absent until its first value). Immutable; {@link #with} keeps a part unless the new one is
 * at least as recent. Its JSON is the body of {@code market.swap.{SYMBOL}} and of the cached
 * {@code market:swap:<SYMBOL>} (events/market.swap.schema.json): decimals as exact JSON numbers.
 *
 * @param symbol     Mariposa's symbol (BTCUSDT)
 * @param instId     OKX's swap (BTC-USDT-SWAP)
 * @param mark       the latest mark price
 * @param index      the latest index price (of BTC-USDT)
 * @param funding    the latest funding
 * @param receivedAt when Mariposa last received any part, ms since the epoch
 * @param source     {@value #SOURCE}: OKX's public REST and WebSocket, live prices
 */
public record SwapMarks(String symbol, String instId, Optional<MarkPrice> mark, Optional<IndexPrice> index,
                        Optional<FundingRate> funding, long receivedAt, String source) {
  public static final String SOURCE = "okx";

  public SwapMarks {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(instId, "instId");
    Objects.requireNonNull(mark, "mark");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(funding, "funding");
    Objects.requireNonNull(source, "source");
  }

  /** Nothing known yet of {@code symbol}'s swap. */
  public static SwapMarks empty(String symbol) {
    return new SwapMarks(symbol, SwapSymbols.instId(symbol), Optional.empty(), Optional.empty(), Optional.empty(), 0,
        SOURCE);
  }

  /** With {@code value} unless the mark held is newer; {@code receivedAt} either way. */
  public SwapMarks with(MarkPrice value, long at) {
    boolean newer = mark.map(m -> value.ts() >= m.ts()).orElse(true);
    return new SwapMarks(symbol, instId, newer ? Optional.of(value) : mark, index, funding, Math.max(receivedAt, at),
        source);
  }

  public SwapMarks with(IndexPrice value, long at) {
    boolean newer = index.map(i -> value.ts() >= i.ts()).orElse(true);
    return new SwapMarks(symbol, instId, mark, newer ? Optional.of(value) : index, funding, Math.max(receivedAt, at),
        source);
  }

  /** Funding without a ts (older pushes) replaces what is held; with one, only an older one. */
  public SwapMarks with(FundingRate value, long at) {
    boolean newer = funding.map(f -> f.ts().isEmpty() || value.ts().isEmpty()
        ? value.fundingTime() >= f.fundingTime() : value.ts().getAsLong() >= f.ts().getAsLong()).orElse(true);
    return new SwapMarks(symbol, instId, mark, index, newer ? Optional.of(value) : funding, Math.max(receivedAt, at),
        source);
  }

  /** The body of {@code market.swap.{SYMBOL}}; absent parts are left out. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("symbol", symbol).put("instId", instId);
    mark.ifPresent(m -> json.put("markPx", JsonDecimals.number(m.markPx())).put("markTime", m.ts()));
    index.ifPresent(i -> json.put("indexInstId", i.instId()).put("idxPx", JsonDecimals.number(i.idxPx()))
        .put("idxTime", i.ts()));
    funding.ifPresent(f -> {
      f.rate().ifPresent(r -> json.put("fundingRate", JsonDecimals.number(r)));
      f.nextRate().ifPresent(r -> json.put("nextFundingRate", JsonDecimals.number(r)));
      json.put("fundingTime", f.fundingTime());
      f.nextFundingTime().ifPresent(t -> json.put("nextFundingTime", t));
      f.ts().ifPresent(t -> json.put("fundingTs", t));
    });
    return json.put("receivedAt", receivedAt).put("source", source);
  }

  public String encode() {
    return toJson().encode();
  }

  /** A body as {@link #toJson} writes it (numbers, or decimal strings); throws IllegalArgumentException if it is not one. */
  public static SwapMarks fromJson(JsonObject json) {
    try {
      String symbol = Objects.requireNonNull(json.getString("symbol"), "symbol");
      String instId = Objects.requireNonNull(json.getString("instId"), "instId");
      Optional<MarkPrice> mark = decimal(json, "markPx").map(px -> new MarkPrice(instId, px, json.getLong("markTime")));
      Optional<IndexPrice> index = decimal(json, "idxPx").map(px -> new IndexPrice(json.getString("indexInstId"), px,
          json.getLong("idxTime")));
      Optional<FundingRate> funding = json.containsKey("fundingTime")
          ? Optional.of(new FundingRate(instId, decimal(json, "fundingRate"), decimal(json, "nextFundingRate"),
              json.getLong("fundingTime"), optionalLong(json, "nextFundingTime"), optionalLong(json, "fundingTs")))
          : Optional.empty();
      return new SwapMarks(symbol, instId, mark, index, funding, json.getLong("receivedAt"),
          json.getString("source", SOURCE));
    } catch (NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("not a swap market body: " + e.getMessage(), e);
    }
  }

  private static Optional<BigDecimal> decimal(JsonObject json, String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    BigDecimal value = JsonDecimals.read(json.getValue(field));
    if (value == null) {
      throw new IllegalArgumentException(field + " is not a decimal");
    }
    return Optional.of(value);
  }

  private static OptionalLong optionalLong(JsonObject json, String field) {
    Long value = json.getLong(field);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }
}
