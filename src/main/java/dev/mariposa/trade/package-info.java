/**
 * Role trade: {@code TradeExecutionVerticle} consumes the trade stream in a consumer group and
 * places each order exactly once ({@code OrderExecutor}: intent first, lookups by client order
 * id, reconciliation), settles fills into the agents' accounts, and guards open positions with
 * their stop-loss, take-profit and trailing stop.
 */
package dev.mariposa.trade;
