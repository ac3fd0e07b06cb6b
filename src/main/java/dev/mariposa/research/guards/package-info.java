/**
 * The overfitting guards of research runs, each a report section ({@code toJson()}, a one-line
 * {@code verdict()}): {@link dev.mariposa.research.guards.MonteCarlo} (reshuffled and resampled
 * trades: how much of a result is their order and luck), {@link dev.mariposa.research.guards.DeflatedSharpe}
 * (whether the best of many parameter sets beats what luck gives the best of that many) and
 * {@link dev.mariposa.research.guards.LookAheadCheck} (whether decisions use data from after they
 * are taken). {@link dev.mariposa.research.guards.RoundTrips} turns a run's fills into the trades
 * the Monte Carlo guard reshuffles.
 */
package dev.mariposa.research.guards;
