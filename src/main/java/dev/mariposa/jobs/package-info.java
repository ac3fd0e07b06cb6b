/**
 * Role jobs
 *
 * <p>Its verticle, {@code JobsVerticle}, arrives with the " scheduled jobs with one-instance-per-run locks.:Performance metrics, leaderboard, scheduled jobs" issue; until then the launcher deploys a
 * {@code dev.mariposa.PendingRoleVerticle} for this role, so ROLES and instance counts already work.
 */
package dev.mariposa.jobs;
