package dev.mariposa;

import dev.mariposa.backtest.BacktestCommand;
import dev.mariposa.config.ConfigException;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import io.vertx.core.logging.SLF4JLogDelegateFactory;
import java.util.List;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar mariposa.jar}: runs one Mariposa instance until SIGTERM or SIGINT;
 * {@code java -jar mariposa.jar backtest ...} runs a backtest instead (see {@link BacktestCommand}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty("vertx.logger-delegate-factory-class-name", SLF4JLogDelegateFactory.class.getName());
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    if (args.length > 0 && args[0].equals("backtest")) {
      System.exit(BacktestCommand.run(List.of(args).subList(1, args.length), System.getenv(), System.out, System.err));
    }
    MariposaConfig config;
    try {
      config = ConfigLoader.load(System.getenv());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
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
