package dev.mariposa.bus;

/** Message headers with a meaning across the cluster. */
public final class BusHeaders {
  private BusHeaders() {}

  /** Set on a message republished from Redis: the instance that published it. Never forwarded again. */
  public static final String ORIGIN = "x-mariposa-origin";
  /** The feed stream an event belongs to (the symbol whose lease its producer holds). */
  public static final String FEED = "x-feed";
  /** The producer's lease fencing token: a newer leader always has a larger one. */
  public static final String FEED_EPOCH = "x-feed-epoch";
  /** The producer's sequence number within its leadership. */
  public static final String FEED_SEQ = "x-feed-seq";
}
