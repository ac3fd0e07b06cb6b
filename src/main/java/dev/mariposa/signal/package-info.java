/**
 * Role signal
 *
 * <p>Its verticle, {@code SignalVerticle}, arrives with the " signal creation, the priority queue, risk checks, hand-off to the trade stream.:Signals, risk gate and trade execution" issue; until then the launcher deploys a
 * {@code dev.mariposa.PendingRoleVerticle} for this role, so ROLES and instance counts already work.
 */
package dev.mariposa.signal;
