/**
 * Backtests: agents run over recorded market data (kline CSVs, recorded streams) on simulated
 * time, as fast as the CPU allows, through the live pipeline's own decisions (indicators, models
 * and ensemble, signals, risk rules, paper matching, account settlement, stops, performance) with
 * in-memory state in place of Redis and MongoDB; a JSON and a self-contained HTML report.
 */
package dev.mariposa.backtest;
