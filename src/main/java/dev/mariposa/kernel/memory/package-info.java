/**
 * In-memory adapters of the kernel's ports, for one process on one thread (a backtest): they
 * answer with completed futures and keep the semantics of the live Redis adapters (the same
 * order, the same deduplication, the same GCRA), each proven against the real script by a test.
 */
package dev.mariposa.kernel.memory;
