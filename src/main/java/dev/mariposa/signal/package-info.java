/**
 * Role signal: {@code SignalVerticle} turns analysis results (and API requests) into signals on
 * the Redis priority queue, takes each once, passes it through the kernel's risk engine
 * ({@code dev.mariposa.kernel.RiskEngine}) over this package's Redis and MongoDB adapters of its ports
 * ({@code SignalQueue}, {@code ClusterRiskState}, {@code ClusterOrderRate}), and hands approved
 * tickets to the trade stream ({@code TradeStream}); every outcome is recorded.
 */
package dev.mariposa.signal;
