/**
 * Role session
 *
 * <p>Its verticle, {@code SessionVerticle}, arrives with the " browser sessions and their subscriptions in Redis.:HTTP API, SockJS bridge, sessions and the live dashboard" issue; until then the launcher deploys a
 * {@code dev.mariposa.PendingRoleVerticle} for this role, so ROLES and instance counts already work.
 */
package dev.mariposa.session;
