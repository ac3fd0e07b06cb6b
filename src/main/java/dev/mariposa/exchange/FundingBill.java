package dev.mariposa.exchange;

import java.math.BigDecimal;

/**
 * One funding payment of a swap position as the venue books it (OKX: GET /api/v5/account/bills, type 8):
 * {@code amount} is its balChg, in {@code ccy} (USDT for a linear swap): negative when the position
 * paid, positive when it earned; {@code ts} when OKX booked it, in ms.
 */
public record FundingBill(String symbol, String instId, String billId, String ccy, BigDecimal amount, long ts) {}
