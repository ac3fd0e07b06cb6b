package dev.mariposa.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cap on lines a network client can cause: per minute, capped loggers only, with a summary. */
class LogBurstFilterTest {
  private final AtomicLong now = new AtomicLong();
  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  LogBurstFilterTest() {
    LogBurstFilter filter = new LogBurstFilter(now::get);
    filter.addLogger("io.vertx.ext.eventbus.bridge.tcp");
    filter.setPerMinute(5);
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
    lines.setContext(context);
    lines.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(lines);
  }

  @Test
  void capsTheNamedLoggersPerMinuteAndSaysHowManyWereDropped() {
    Logger bridge = context.getLogger("io.vertx.ext.eventbus.bridge.tcp.impl.TcpEventBusBridgeImpl");
    Logger other = context.getLogger("io.vertx.ext.eventbus.bridge.tcpish.Other");
    for (int i = 0; i < 50; i++) {
      bridge.error("unreadable frame {}", i);
      other.warn("not capped {}", i);
    }
    assertThat(lines.list).filteredOn(e -> e.getLoggerName().equals(bridge.getName())).hasSize(5)
        .extracting(ILoggingEvent::getFormattedMessage).containsExactly("unreadable frame 0", "unreadable frame 1",
            "unreadable frame 2", "unreadable frame 3", "unreadable frame 4");
    assertThat(lines.list).filteredOn(e -> e.getLoggerName().equals(other.getName())).hasSize(50);

    now.addAndGet(TimeUnit.SECONDS.toNanos(61));
    bridge.error("unreadable frame {}", 50);
    assertThat(lines.list.subList(lines.list.size() - 2, lines.list.size()))
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("45 log lines of [io.vertx.ext.eventbus.bridge.tcp] dropped in the last minute (more than 5 a minute)",
            "unreadable frame 50");
  }

  @Test
  void levelChecksAndDisabledLevelsDoNotSpendTheBudget() {
    Logger bridge = context.getLogger("io.vertx.ext.eventbus.bridge.tcp");
    bridge.setLevel(ch.qos.logback.classic.Level.INFO);
    for (int i = 0; i < 50; i++) {
      bridge.isErrorEnabled();
      bridge.debug("disabled {}", i);
    }
    for (int i = 0; i < 5; i++) {
      bridge.warn("counted {}", i);
    }
    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("counted 0", "counted 1", "counted 2", "counted 3", "counted 4");
  }
}
