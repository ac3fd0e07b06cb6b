/**
 * Reconciliation with the venue: what the venue holds (open orders, fills, balances) compared
 * with what MongoDB holds, each difference resolved as configured and recorded with what was done.
 */
package dev.mariposa.reconcile;
