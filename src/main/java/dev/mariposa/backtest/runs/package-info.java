/**
 * Backtests asked for over the API ({@code /api/backtests}): the request checked
 * ({@link dev.mariposa.backtest.runs.RunRequest}, {@link dev.mariposa.backtest.runs.DataFiles}),
 * stored and claimed in MongoDB ({@link dev.mariposa.backtest.runs.RunStore}), run one at a time per
 * instance of the jobs role ({@link dev.mariposa.backtest.runs.BacktestRunsVerticle}) on the
 * backtest engine, with progress on {@code backtest.<runId>}.
 */
package dev.mariposa.backtest.runs;
