package dev.mariposa.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.AgentFields;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md is generated from the code's tables and the shipped defaults, and every key
 * of those defaults is documented: neither can drift from the code. With
 * {@code -Dmariposa.docs.write=true} the test writes the file instead of comparing it.
 */
class ConfigurationDocTest {
  private static final Path FILE = Path.of(ConfigurationDoc.FILE);

  @Test
  void theCommittedReferenceIsWhatTheCodeGenerates() throws IOException {
    String generated = ConfigurationDoc.markdown();
    if (Boolean.getBoolean("mariposa.docs.write")) {
      Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "")
        .as(FILE + " differs from what the code says: regenerate it with\n  " + ConfigurationDoc.REGENERATE + "\n")
        .isEqualTo(generated);
  }

  @Test
  void everyKeyOfTheShippedDefaultsIsDocumented() {
    List<String> documented = documentedKeys();
    List<String> undocumented = ConfigurationDoc.leaves(ConfigLoader.defaults(), "").stream()
        .filter(key -> documented.stream().noneMatch(d -> key.equals(d) || key.startsWith(d + ".")))
        .toList();
    assertThat(undocumented).as("keys of conf/config.json in neither Variables nor Settings").isEmpty();
  }

  @Test
  void everyDocumentedKeyIsAKeyOfTheShippedDefaults() {
    JsonObject defaults = ConfigLoader.defaults();
    List<String> missing = documentedKeys().stream().filter(key -> !exists(defaults, key)).toList();
    assertThat(missing).as("documented keys that conf/config.json does not have").isEmpty();
  }

  @Test
  void noKeyIsDocumentedTwice() {
    List<String> keys = documentedKeys();
    assertThat(new TreeSet<>(keys)).hasSize(keys.size());
  }

  @Test
  void everyFieldOfAnAgentIsDescribed() {
    Set<String> fields = new TreeSet<>(ConfigurationDoc.leaves(ConfigurationDoc.defaultAgent(), ""));
    fields.addAll(ConfigurationDoc.leaves(ConfigurationDoc.defaultSwapAgent(), ""));
    fields.removeAll(ConfigurationDoc.SERVER_KEPT);
    assertThat(new TreeSet<>(AgentFields.DESCRIPTIONS.keySet())).isEqualTo(fields);
  }

  /** The defaults the reference shows are the code's (the README once said 500 and 100). */
  @Test
  void theAgentDefaultsShownAreTheCodes() {
    JsonObject risk = ConfigurationDoc.defaultAgent().getJsonObject("risk");
    assertThat(risk.getDouble("maxPositionNotional")).isEqualTo(1000.0);
    assertThat(risk.getDouble("dailyLossLimit")).isEqualTo(200.0);
    assertThat(ConfigurationDoc.markdown()).contains("| `risk.maxPositionNotional` | `1000.0` |",
        "| `risk.dailyLossLimit` | `200.0` |", "| `risk.stopLossPct` | `1.0` |", "| `risk.takeProfitPct` | `2.0` |",
        "| `risk.trailingStopPct` | `0.0` |");
  }

  private static List<String> documentedKeys() {
    List<String> keys = new ArrayList<>();
    Variables.ALL.forEach(v -> v.configPath().ifPresent(keys::add));
    Settings.ALL.forEach(s -> keys.addAll(s.keys()));
    return keys;
  }

  private static boolean exists(JsonObject json, String path) {
    String[] parts = path.split("\\.");
    JsonObject node = json;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(node.getValue(parts[i]) instanceof JsonObject child)) {
        return false;
      }
      node = child;
    }
    return node.containsKey(parts[parts.length - 1]);
  }
}
