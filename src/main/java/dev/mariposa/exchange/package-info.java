/**
 * Where orders go: the {@link dev.mariposa.exchange.Exchange} interface with its results and
 * states, the built-in paper exchange ({@code paper}) and the OKX v5 adapter ({@code okx}).
 * Shared by the signal role (the exchanges' minimums in the risk gate) and the trade role.
 */
package dev.mariposa.exchange;
