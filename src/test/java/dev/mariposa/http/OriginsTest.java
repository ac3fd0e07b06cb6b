package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one origin rule of the API and the SockJS bridge. */
class OriginsTest {
  private final Origins desk = new Origins(List.of("https://desk.example.com"));

  @Test
  void noOriginTheServersOwnAndListedOnesAreAllowed() {
    assertThat(desk.allowed(null, "127.0.0.1:8080")).as("not a browser").isTrue();
    assertThat(desk.allowed("http://127.0.0.1:8080", "127.0.0.1:8080")).as("the dashboard's own page").isTrue();
    assertThat(desk.allowed("HTTP://LOCALHOST:8080", "localhost:8080")).as("case aside").isTrue();
    assertThat(desk.allowed("https://desk.example.com", "127.0.0.1:8080")).isTrue();
    assertThat(desk.allowed("https://DESK.example.com", "127.0.0.1:8080")).as("listed, case aside").isTrue();
    assertThat(desk.allowed("https://desk.example.com:443", "127.0.0.1:8080")).as("the default port spelled out").isTrue();
    assertThat(new Origins(List.of("https://desk.example.com:443", "http://127.0.0.1:5173"))
        .allowed("https://desk.example.com", "127.0.0.1:8080")).as("configured with the default port").isTrue();
  }

  @Test
  void othersAndMalformedOnesAreRefused() {
    assertThat(desk.allowed("https://evil.example.com", "127.0.0.1:8080")).isFalse();
    assertThat(desk.allowed("http://127.0.0.1:8081", "127.0.0.1:8080")).as("another port").isFalse();
    assertThat(desk.allowed("https://desk.example.com:8443", "127.0.0.1:8080")).as("another port").isFalse();
    assertThat(desk.allowed("http://desk.example.com", "127.0.0.1:8080")).as("another scheme").isFalse();
    assertThat(desk.allowed("not a uri ^", "127.0.0.1:8080")).isFalse();
    assertThat(desk.allowed("null", null)).as("a sandboxed page's origin").isFalse();
    assertThat(new Origins(List.of("*")).allowed("https://any.example.com", "127.0.0.1:8080")).isTrue();
  }
}
