package dev.mariposa.market;

/** What a feed leader runs for one symbol while it holds the lease; stopped when it loses it. */
interface SymbolFeed {
  void stop();
}
