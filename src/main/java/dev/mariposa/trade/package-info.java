/**
 * Role trade: {@code TradeExecutionVerticle} consumes the trade stream in a consumer group and
 * hands each ticket to the kernel's execution engine ({@link dev.mariposa.kernel.ExecutionEngine}:
 * intent first, lookups by client order id, settlement once per order), wired by
 * {@code LiveExecution} to its adapters here and in {@code agent} (the {@code orders}, {@code fills}
 * and {@code accounts} collections, {@code trade.<agentId>} on the bus, Vert.x timers). It
 * reconciles orders left unsettled and guards open positions with their stop-loss, take-profit and
 * trailing stop ({@code PositionGuard}; real-money ones on live prices only, {@code LiveExitPrices}).
 */
package dev.mariposa.trade;
