package dev.mariposa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.config.Variables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every variable of the configuration reference, given a bad value, stops startup: exit code 2 and
 * one line that names it. Tried through {@link Startup#decide}, the function Main acts on (a few go
 * through the real jar in StartupRefusalIT). A variable the table marks as taking any value is
 * checked to take these too, so that the mark cannot hide a rule.
 */
class StartupTest {
  /** Values at least one of which every variable with rules refuses (/dev/null: a file, not a directory). */
  private static final List<String> BAD = List.of("not valid!", "-1", "/dev/null");

  @Test
  void everyVariableWithRulesRefusesABadValueWithExitCode2AndOneLineNamingIt() {
    for (Variables.Variable variable : Variables.ALL) {
      if (variable.anyValue()) {
        continue;
      }
      Optional<Startup> refused = BAD.stream().map(value -> Startup.decide(Map.of(variable.name(), value)))
          .filter(startup -> startup.config().isEmpty()).findFirst();
      assertThat(refused).as("%s refuses one of %s", variable.name(), BAD).isPresent();
      Startup startup = refused.get();
      assertThat(startup.exitCode()).as(variable.name()).isEqualTo(2);
      assertThat(startup.errors()).as(variable.name()).hasSize(1);
      String line = startup.errors().get(0);
      assertThat(line).as(variable.name()).startsWith("Invalid configuration: " + variable.name())
          .contains(" is invalid: expected ").doesNotContain("\n", "\r");
    }
  }

  @Test
  void variablesThatTakeAnyValueTakeTheseToo() {
    Variables.ALL.stream().filter(Variables.Variable::anyValue).forEach(variable -> BAD.forEach(value ->
        assertThat(Startup.decide(Map.of(variable.name(), value)).config()).as("%s=%s", variable.name(), value)
            .isPresent()));
  }

  @Test
  void aGoodConfigurationRuns() {
    Startup startup = Startup.decide(Map.of("HTTP_PORT", "0", "MARIPOSA_LOG_LEVEL", "warn"));
    assertThat(startup.config()).isPresent();
    assertThat(startup.exitCode()).isZero();
    assertThat(startup.errors()).isEmpty();
  }
}
