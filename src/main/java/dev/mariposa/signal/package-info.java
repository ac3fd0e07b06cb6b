/**
 * Role signal: {@code SignalVerticle} turns analysis results (and API requests) into signals on
 * the Redis priority queue, takes each once, passes it through the {@code RiskGate}, and hands
 * approved tickets to the trade stream ({@code TradeStream}); every outcome is recorded.
 */
package dev.mariposa.signal;
