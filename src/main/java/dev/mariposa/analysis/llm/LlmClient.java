package dev.mariposa.analysis.llm;

import dev.mariposa.config.MariposaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;

/**
 * POST {AI_BASE_URL}/chat/completions of any OpenAI-compatible server (OpenAI, a gateway, a local
 * Ollama or vLLM). The key travels in the Authorization header only. Fails with
 * {@link LlmHttpException} on a non-2xx answer and with {@link IllegalStateException} on a 2xx
 * body that is not a chat completion.
 */
public final class LlmClient {
  /** What came back: the assistant's text and the usage the provider bills. */
  public record Reply(String content, long promptTokens, long completionTokens) {}

  /** A non-2xx answer; {@code retryAfterSeconds} from the Retry-After header of a 429, else -1. */
  public static final class LlmHttpException extends RuntimeException {
    private final int status;
    private final long retryAfterSeconds;

    LlmHttpException(int status, long retryAfterSeconds) {
      super("HTTP " + status + " from the AI endpoint");
      this.status = status;
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
      return status;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  private final WebClient client;
  private final String path;
  private final String authorization;
  private final MariposaConfig.Ai config;

  public LlmClient(Vertx vertx, MariposaConfig.Ai config) {
    URI base = config.baseUrl().orElseThrow(() -> new IllegalStateException("AI_BASE_URL is not set"));
    boolean tls = "https".equals(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    this.config = config;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost(base.getHost()).setDefaultPort(port).setSsl(tls)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
        .setKeepAlive(true).setUserAgent("mariposa"), new PoolOptions().setHttp1MaxSize(16));
    String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    this.path = basePath + "/chat/completions";
    this.authorization = config.apiKey().map(k -> "Bearer " + k.reveal()).orElse(null);
  }

  public Future<Reply> complete(LlmPrompt prompt) {
    var request = client.post(path).timeout(config.timeout().toMillis())
        .putHeader("Content-Type", "application/json");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.sendBuffer(prompt.requestBody(config.maxTokens()).toBuffer()).map(LlmClient::reply);
  }

  public void close() {
    client.close();
  }

  private static Reply reply(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      throw new LlmHttpException(response.statusCode(), retryAfter(response.getHeader("Retry-After")));
    }
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      throw new IllegalStateException("the AI endpoint answered something that is not JSON");
    }
    JsonArray choices = body == null ? null : body.getJsonArray("choices");
    JsonObject message = choices == null || choices.isEmpty() ? null : choices.getJsonObject(0).getJsonObject("message");
    if (message == null) {
      throw new IllegalStateException("the AI endpoint answered without choices[0].message");
    }
    JsonObject usage = body.getJsonObject("usage", new JsonObject());
    return new Reply(message.getString("content"), usage.getLong("prompt_tokens", 0L), usage.getLong("completion_tokens", 0L));
  }

  private static long retryAfter(String header) {
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
