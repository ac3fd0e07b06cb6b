package dev.mariposa.metrics;

import java.math.BigDecimal;

/** One execution as performance sees it: when, what, which way, how much, at what price, for what fee (quote). */
public record TradeFill(long at, String symbol, boolean buy, BigDecimal quantity, BigDecimal price, BigDecimal fee) {}
