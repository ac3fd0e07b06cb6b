/**
 * Role analysis
 *
 * <p>Its verticle, {@code AnalysisVerticle}, arrives with the " indicators, models, the analysis cache and AI rate limits.:Analysis" issue; until then the launcher deploys a
 * {@code dev.mariposa.PendingRoleVerticle} for this role, so ROLES and instance counts already work.
 */
package dev.mariposa.analysis;
