package dev.mariposa.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.reliability.HostileRequest.Header;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests the hostile-input suite found answered without the JSON error, with a 500, or
 * with a stack trace in the log: each one here, answered as the API answers any bad request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestTest {
  @TempDir
  static Path dir;

  private CapturedOutput output;
  private TestCluster cluster;
  private Mariposa node;

  @BeforeAll
  void start() {
    output = CapturedOutput.start();
    cluster = new TestCluster(dir);
    node = cluster.start("a", Map.of("ROLES", "http"));
  }

  @AfterAll
  void stop() {
    cluster.close();
    output.close();
  }

  private RawHttp.Response send(String method, String target, Header... headers) {
    try (RawHttp http = new RawHttp("127.0.0.1", node.services().httpPort())) {
      return http.send(HostileRequest.of(method, target, List.of(headers)));
    }
  }

  private static void assertError(RawHttp.Response response, int status, String code) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.notJsonError()).isEmpty();
    assertThat(new JsonObject(response.text()).getJsonObject("error").getString("code")).isEqualTo(code);
  }

  @Test
  void pathsThatCannotBeDecodedOrClimbAreRefusedAsInvalid() {
    // vertx-web threw while matching routes (400 "Bad Request" in plain text, a stack trace logged each time).
    assertError(send("GET", "/api/agents/%2/signals"), 400, "invalid_path");
    assertError(send("POST", "/vendor/%zz"), 400, "invalid_path");
    // Encoded slashes survive dot-segment removal; the static handler failed on them with a 500.
    assertError(send("GET", "/..%2f../"), 400, "invalid_path");
    assertError(send("GET", "/%2e%2e%2f%2e%2e/"), 400, "invalid_path");
    assertError(send("GET", "/vendor/..%2f..%2flogback.xml"), 400, "invalid_path");
    assertError(send("OPTIONS", "*"), 404, "not_found");
    // Escapes that decode to ordinary characters stay fine.
    assertThat(send("GET", "/vendor/sockjs%2Emin.js").status()).isEqualTo(200);
    assertError(send("GET", "/api/agents/no%2Dsuch"), 404, "agent_not_found");
    assertThat(send("GET", "/api/agents").status()).isEqualTo(200);
    // A query that does not decode: a route with path parameters answered a bare 500 (HostileInputTest's seed 5061807462328).
    assertError(send("GET", "/api/agents/nope?x=%"), 400, "invalid_parameter");
    assertError(send("PUT", "/api/agents/fz-okx?If-Match=%zz"), 400, "invalid_parameter");
    assertError(send("GET", "/api/agents?x=%"), 400, "invalid_parameter");
  }

  @Test
  void requestsTheCodecCannotReadGetTheJsonErrorThenTheConnectionCloses() {
    RawHttp.Response tooLarge = send("GET", "/api/agents", new Header("X-Pad", "A".repeat(20_000)));
    assertError(tooLarge, 431, "headers_too_large");
    assertThat(tooLarge.header("Connection")).isEqualTo("close");
    assertError(send("GET", "/api/agents?q=" + "A".repeat(5_000)), 414, "uri_too_long");
    assertError(send("GET", "/api/agents", new Header("X Bad Name", "1")), 400, "bad_request");
    assertError(send("GET", "/health", new Header("Content-Length", "-1")), 400, "bad_request");
    assertError(send("GET", "/api/agents", new Header("X-Nul", "a\u0000b")), 400, "bad_request");
  }

  @Test
  void aClientThatBreaksItsBodyFramingCostsNoErrorInTheLog() {
    for (int i = 0; i < 5; i++) {
      send("GET", "/vendor/sockjs.min.js", new Header("Transfer-Encoding", "chunked"));
      try (RawHttp http = new RawHttp("127.0.0.1", node.services().httpPort())) {
        http.send(new HostileRequest(i, null, "", "GET", "/", List.of(new Header("Transfer-Encoding", "chunked")),
            "zz\r\n{}\r\n0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), false, true, true));
      }
    }
    pathsThatCannotBeDecodedOrClimbAreRefusedAsInvalid();
    requestsTheCodecCannotReadGetTheJsonErrorThenTheConnectionCloses();
    assertThat(output.lines()).as("errors logged for requests the client got wrong")
        .noneMatch(line -> line.startsWith("ERROR") || line.contains("Unhandled exception"));
  }
}
