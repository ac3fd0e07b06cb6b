package dev.mariposa;

import dev.mariposa.backtest.BacktestCommand;
import dev.mariposa.config.LogLevel;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Variables;
import dev.mariposa.research.OptimizeCommand;
import io.vertx.core.logging.SLF4JLogDelegateFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar mariposa.jar}: runs one Mariposa instance until SIGTERM or SIGINT;
 * {@code java -jar mariposa.jar backtest ...} runs a backtest instead (see {@link BacktestCommand}),
 * {@code java -jar mariposa.jar optimize ...} a parameter search (see {@link OptimizeCommand}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    // Before the first logger: logback reads the level from this property ahead of the variable,
    // and would take a blank or unknown one for DEBUG (an unknown one is refused below, with the rest).
    if (System.getProperty(Variables.MARIPOSA_LOG_LEVEL) == null) {
      System.setProperty(Variables.MARIPOSA_LOG_LEVEL, LogLevel.of(env).orElse(LogLevel.DEFAULT));
    }
    System.setProperty("vertx.logger-delegate-factory-class-name", SLF4JLogDelegateFactory.class.getName());
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    if (args.length > 0 && args[0].equals("backtest")) {
      System.exit(BacktestCommand.run(List.of(args).subList(1, args.length), env, System.out, System.err));
    }
    if (args.length > 0 && args[0].equals("optimize")) {
      System.exit(OptimizeCommand.run(List.of(args).subList(1, args.length), env, System.out, System.err));
    }
    Startup startup = Startup.decide(env);
    if (startup.config().isEmpty()) {
      startup.errors().forEach(System.err::println);
      System.exit(startup.exitCode());
      return;
    }
    MariposaConfig config = startup.config().get();
    Mariposa app = Mariposa.create(config);
    // In place before anything starts, so a SIGTERM during startup still stops the embedded servers.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Mariposa is stopping (draining requests, closing clients, stopping embedded servers)");
      app.stop();
      System.out.println("Mariposa stopped");
    }, "mariposa-shutdown"));
    try {
      app.start();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(Main.class).debug("start failed", e);
      System.err.println("Mariposa could not start: " + e.getMessage());
      System.exit(1);
    }
  }
}
