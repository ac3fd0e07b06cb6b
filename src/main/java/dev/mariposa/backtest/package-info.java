/**
 * Backtests: agents run over recorded market data (kline CSVs, recorded streams) on simulated
 * time, as fast as the CPU allows, through the live pipeline's own decisions (indicators, models
 * and ensemble, signals, paper matching, account settlement, stops, performance) with in-memory
 * state in place of Redis and MongoDB. Signals go through the kernel's own engine, the one the
 * signal role runs: the in-memory signal queue and the {@code RiskEngine} over the in-memory order
 * rate and {@code BacktestRiskState}. A JSON and a self-contained HTML report.
 */
package dev.mariposa.backtest;
