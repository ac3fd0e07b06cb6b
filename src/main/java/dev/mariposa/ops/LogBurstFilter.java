package dev.mariposa.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Marker;

/**
 * Caps the log lines of loggers a network client can make speak: at most {@code perMinute} events
 * a minute from loggers under the configured names (logback.xml), then silence until the next
 * minute, which opens with one line saying how many were dropped. A client sending unreadable
 * frames to the TCP bridge would otherwise write a line per frame (the library logs each at ERROR)
 * and fill the disk.
 */
public final class LogBurstFilter extends TurboFilter {
  private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final List<String> loggers = new ArrayList<>();
  private final LongSupplier clock;
  private int perMinute = 20;
  private long windowStart;
  private int inWindow;
  private long dropped;

  public LogBurstFilter() {
    this(System::nanoTime);
  }

  LogBurstFilter(LongSupplier clock) {
    this.clock = clock;
    this.windowStart = clock.getAsLong();
  }

  /** A logger name (and the loggers under it) to cap; may be given several times. */
  public void addLogger(String name) {
    loggers.add(name);
  }

  public void setPerMinute(int perMinute) {
    this.perMinute = perMinute;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null && t == null || !capped(logger.getName()) || !logger.isEnabledFor(level)) {
      return FilterReply.NEUTRAL; // logback's level check asks with no message: not an event
    }
    long summarized;
    synchronized (this) {
      long now = clock.getAsLong();
      summarized = 0;
      if (now - windowStart >= WINDOW_NANOS) {
        summarized = dropped;
        windowStart = now;
        inWindow = 0;
        dropped = 0;
      }
      if (inWindow >= perMinute) {
        dropped++;
        return FilterReply.DENY;
      }
      inWindow++;
    }
    if (summarized > 0) {
      ((LoggerContext) getContext()).getLogger(LogBurstFilter.class).warn("{} log lines of {} dropped in the last minute (more than {}"
          + " a minute)", summarized, loggers, perMinute);
    }
    return FilterReply.NEUTRAL;
  }

  private boolean capped(String name) {
    for (String prefix : loggers) {
      if (name.equals(prefix) || name.startsWith(prefix) && name.charAt(prefix.length()) == '.') {
        return true;
      }
    }
    return false;
  }
}
