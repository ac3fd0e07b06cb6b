/**
 * Role metrics
 *
 * <p>Its verticle, {@code PerformanceVerticle}, arrives with the " PnL, the leaderboard, snapshots, system-wide aggregates.:Performance metrics, leaderboard, scheduled jobs" issue; until then the launcher deploys a
 * {@code dev.mariposa.PendingRoleVerticle} for this role, so ROLES and instance counts already work.
 */
package dev.mariposa.metrics;
