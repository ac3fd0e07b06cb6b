/**
 * Role trade
 *
 * <p>Its verticle, {@code TradeExecutionVerticle}, arrives with the " the trade stream consumer group, exchanges, orders and fills, positions, SL/TP exits.:Signals, risk gate and trade execution" issue; until then the launcher deploys a
 * {@code dev.mariposa.PendingRoleVerticle} for this role, so ROLES and instance counts already work.
 */
package dev.mariposa.trade;
