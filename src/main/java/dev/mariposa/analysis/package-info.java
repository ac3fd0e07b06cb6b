/**
 * Role analysis: {@code AnalysisVerticle} keeps one indicator series per symbol and interval
 * ({@code indicators}), asks each agent's models ({@code model}: technical; {@code llm}: any
 * OpenAI-compatible endpoint, governed by rate limits, a breaker and a cache) at every closed bar,
 * once per close across the cluster, and publishes each agent's result on
 * {@code analysis.result.<agentId>}.
 */
package dev.mariposa.analysis;
