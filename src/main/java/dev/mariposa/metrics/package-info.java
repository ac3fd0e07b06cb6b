/**
 * Role metrics. {@code Performance} computes an agent's figures from its fills and the live marks
 * (realized and unrealized profit, equity curve, return, win rate, profit factor, drawdown, Sharpe,
 * Sortino, holding time, fees). Its verticle, {@code PerformanceVerticle} (caching, leaderboard,
 * snapshots, system-wide aggregates), arrives with the "Performance metrics, leaderboard,
 * scheduled jobs" issue; until then the launcher deploys a {@code dev.mariposa.PendingRoleVerticle}
 * for this role, so ROLES and instance counts already work.
 */
package dev.mariposa.metrics;
