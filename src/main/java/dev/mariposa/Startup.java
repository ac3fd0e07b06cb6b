package dev.mariposa;

import dev.mariposa.config.ConfigException;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What startup makes of the environment before anything starts: the configuration to run, or the
 * exit code and the lines (for stderr) that say why not. {@link Main} acts on it; tests call
 * {@link #decide} with every variable without starting a JVM each.
 */
public record Startup(Optional<MariposaConfig> config, int exitCode, List<String> errors) {
  /** Exit code of a configuration that cannot be used. */
  public static final int BAD_CONFIGURATION = 2;

  public static Startup decide(Map<String, String> env) {
    try {
      return new Startup(Optional.of(ConfigLoader.load(env)), 0, List.of());
    } catch (ConfigException e) {
      return new Startup(Optional.empty(), BAD_CONFIGURATION, List.of(e.getMessage()));
    }
  }
}
