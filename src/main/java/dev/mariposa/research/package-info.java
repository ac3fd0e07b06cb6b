/**
 * Research at scale: {@code mariposa optimize}, a parameter search over an agent's JSON (grid,
 * seeded random, evolutionary), scored by an objective, run on many threads through the
 * {@link dev.mariposa.backtest.Backtest} facade, resumable from its trial store, with walk-forward
 * validation and a JSON and self-contained HTML report. docs/RESEARCH.md tells how to use it.
 */
package dev.mariposa.research;
