/**
 * Agents: a named strategy with its symbols, bar interval, analysis models, risk limits and
 * account. Stored in MongoDB ({@link dev.mariposa.agent.AgentRepository}), validated in one place
 * ({@link dev.mariposa.agent.AgentJson}), and read by the analysis, signal and trade roles and the
 * HTTP API; every change is announced on {@code agents.changed} so each role reloads at once.
 */
package dev.mariposa.agent;
