package dev.mariposa.exchange;

import java.math.BigDecimal;

/** One execution of an order: quantity in the base asset, price and fee in the quote asset. */
public record Fill(BigDecimal quantity, BigDecimal price, BigDecimal fee, long at) {}
