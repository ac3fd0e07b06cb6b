/**
 * In-memory adapters of the kernel's ports, for one process on one thread (a backtest): they
 * answer with completed futures and keep the semantics of the live adapters (the same order, the
 * same deduplication, the same GCRA, the same answers from the order, fill and account stores),
 * each proven against the real script or collection by a test. The paper exchange here matches
 * with the live paper exchange's {@code PaperMatching} and rests orders on its queue model
 * ({@code RestingOrder}); the scheduler waits no time.
 */
package dev.mariposa.kernel.memory;
