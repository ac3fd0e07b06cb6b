package dev.mariposa.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.filter.Filter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Everything the instances of a test say while it runs: every logging event down to DEBUG
 * (message, arguments, MDC and stack trace, whatever a pattern could print) and everything
 * written to System.out and System.err (the banner, anything printed directly). DEBUG is what
 * MARIPOSA_LOG_LEVEL=DEBUG shows an operator, so secrets must stay out of it too; the console
 * keeps showing INFO and above only.
 */
public final class CapturedOutput implements AutoCloseable {
  private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level previousLevel = root.getLevel();
  private final ThresholdFilter consoleThreshold = new ThresholdFilter();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ').append(event.getLoggerName())
          .append(" [").append(event.getThreadName()).append("] ").append(event.getFormattedMessage());
      if (event.getArgumentArray() != null) {
        line.append(" args=").append(Arrays.toString(event.getArgumentArray()));
      }
      if (!event.getMDCPropertyMap().isEmpty()) {
        line.append(" mdc=").append(event.getMDCPropertyMap());
      }
      if (event.getThrowableProxy() != null) {
        line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
      events.add(line.toString());
    }
  };

  private CapturedOutput() {}

  /** Starts capturing: the root logger's events at every level it lets through, and the console. */
  public static CapturedOutput start() {
    CapturedOutput captured = new CapturedOutput();
    captured.appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    captured.appender.setName("reliability-capture");
    captured.appender.start();
    captured.root.addAppender(captured.appender);
    captured.consoleThreshold.setLevel(captured.previousLevel.toString());
    captured.consoleThreshold.start();
    captured.root.iteratorForAppenders().forEachRemaining(a -> {
      if (a != captured.appender) {
        a.addFilter(captured.consoleThreshold);
      }
    });
    captured.root.setLevel(Level.DEBUG);
    System.setOut(new PrintStream(captured.tee(captured.originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(captured.tee(captured.originalErr), true, StandardCharsets.UTF_8));
    return captured;
  }

  private OutputStream tee(PrintStream original) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        synchronized (console) {
          console.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        synchronized (console) {
          console.write(b, off, len);
        }
      }
    };
  }

  /** The logging events so far, one string each (stack traces included), then the console's lines. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>(events);
    synchronized (console) {
      lines.addAll(Arrays.asList(console.toString(StandardCharsets.UTF_8).split("\n")));
    }
    return lines;
  }

  /** Logging events so far by level, e.g. {@code {DEBUG=120, INFO=14}}. */
  Map<String, Long> byLevel() {
    return events.stream().collect(Collectors.groupingBy(e -> e.substring(0, e.indexOf(' ')), TreeMap::new,
        Collectors.counting()));
  }

  @Override
  public void close() {
    root.setLevel(previousLevel);
    root.detachAppender(appender);
    appender.stop();
    // The filter list cannot lose one filter: the others' are rebuilt without it.
    root.iteratorForAppenders().forEachRemaining(a -> {
      List<Filter<ILoggingEvent>> kept = new ArrayList<>(a.getCopyOfAttachedFiltersList());
      kept.remove(consoleThreshold);
      a.clearAllFilters();
      kept.forEach(a::addFilter);
    });
    System.setOut(originalOut);
    System.setErr(originalErr);
  }
}
