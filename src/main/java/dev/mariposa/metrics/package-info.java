/**
 * Role metrics. {@code Performance} computes an agent's figures from its fills and the live marks
 * (realized and unrealized profit, equity curve, return, win rate, profit factor, drawdown, Sharpe,
 * Sortino, holding time, fees); {@code PerformanceVerticle} keeps them current in the cache, ranks
 * the leaderboard, and publishes {@code perf.agent.<id>} and {@code perf.leaderboard}; snapshots in
 * MongoDB give the leaderboard's periods and each agent's history.
 */
package dev.mariposa.metrics;
