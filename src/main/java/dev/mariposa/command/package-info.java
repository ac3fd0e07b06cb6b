/**
 * What the offline commands ({@code backtest}, {@code optimize}) share: their usage errors, the
 * arguments they read alike (times, the data files), and the self-contained HTML page their
 * reports are written as.
 */
package dev.mariposa.command;
