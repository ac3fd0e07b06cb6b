/**
 * The trading kernel: the engines that decide, shared by the live roles and the backtest. An
 * engine is a plain class over ports ({@link dev.mariposa.kernel.port}): it reads and writes only
 * through them, takes its time as an argument, and imports no Redis, MongoDB or event bus. Live,
 * the verticles wire it to adapters on Redis and MongoDB; a backtest wires it to the in-memory
 * adapters ({@link dev.mariposa.kernel.memory}) on simulated time, so both run the same decisions.
 * The engines speak the domain's types (signals, agents, accounts, instruments).
 */
package dev.mariposa.kernel;
