package dev.mariposa.research;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code optimize} killed with SIGKILL (destroyForcibly) part way, in a JVM of its own, then run again:
 * it resumes from the trials written, runs only the rest, and reaches the same best set, with the
 * same scores, as a run never interrupted.
 */
class ResumeAfterKillTest {
  private static final String SPACE = """
      parameters:
        minConfidence: {min: 0.3, max: 0.6, step: 0.05}
        risk.stopLossPct: {values: [1, 2]}
      """;

  @TempDir
  Path dir;

  @Test
  void optimizeResumedAfterKillReachesTheSameBestSet() throws Exception {
    Path month = Fixtures.month();
    Path agent = Fixtures.write(dir, "agent.json", Fixtures.AGENT.encode());
    Path space = Fixtures.write(dir, "space.yaml", SPACE);
    Path killed = dir.resolve("killed");
    List<String> args = List.of("--data", month.toString(), "--agent", agent.toString(), "--space", space.toString(),
        "--to", "2024-01-12", "--threads", "1");

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.mariposa.Main", "optimize"));
    command.addAll(args);
    command.addAll(List.of("--out", killed.toString(), "--quiet", "--no-guards"));
    Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve("child.err").toFile()).start();
    Path trials = killed.resolve(TrialStore.TRIALS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (lines(trials) < 3 && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(child.isAlive()).as("the child still running with a few trials written: " + Files.readString(dir.resolve("child.err")))
        .isTrue();
    child.destroyForcibly();
    child.waitFor(30, TimeUnit.SECONDS);
    int written = lines(trials);
    assertThat(written).isBetween(3, 13);

    Fixtures.Result resumed = Fixtures.optimize(withOut(args, killed));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("resuming");
    Path whole = dir.resolve("whole");
    Fixtures.Result uninterrupted = Fixtures.optimize(withOut(args, whole));
    assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();

    JsonObject a = new JsonObject(Files.readString(killed.resolve(OptimizeReport.JSON)));
    JsonObject b = new JsonObject(Files.readString(whole.resolve(OptimizeReport.JSON)));
    assertThat(a.getJsonObject("execution").getInteger("trialsResumed")).isBetween(3, written);
    assertThat(a.getJsonObject("execution").getInteger("trialsRun") + a.getJsonObject("execution").getInteger("trialsResumed"))
        .isEqualTo(14);
    assertThat(a.getJsonObject("best").getJsonObject("params")).isEqualTo(b.getJsonObject("best").getJsonObject("params"));
    assertThat(a.getJsonObject("best").getDouble("score")).isEqualTo(b.getJsonObject("best").getDouble("score"));
    assertThat(a.getJsonObject("bestAgent")).isEqualTo(b.getJsonObject("bestAgent"));
    Map<String, JsonObject> x = Fixtures.trials(killed);
    Map<String, JsonObject> y = Fixtures.trials(whole);
    assertThat(x).hasSize(14).containsOnlyKeys(y.keySet());
    x.forEach((key, t) -> assertThat(t.getJsonObject("figures")).as(key).isEqualTo(y.get(key).getJsonObject("figures")));
  }

  private static String[] withOut(List<String> args, Path out) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--out", out.toString(), "--no-guards"));
    return all.toArray(String[]::new);
  }

  private static int lines(Path file) throws Exception {
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(file);
    int n = 0;
    for (byte b : bytes) {
      n += b == '\n' ? 1 : 0;
    }
    return n;
  }
}
