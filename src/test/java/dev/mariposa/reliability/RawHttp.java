package dev.mariposa.reliability;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A deliberately dumb HTTP/1.1 client over one socket: it sends the bytes it is given (a
 * java.net.http or Vert.x client would refuse or repair most hostile requests) and reads one
 * response: status, headers, and the body by Content-Length or chunks, decompressed. Keeps the
 * connection while the server does.
 */
final class RawHttp implements AutoCloseable {
  private static final int TIMEOUT_MS = 15_000;

  /** A response; {@code status} -1 when none came (the error says why). */
  record Response(int status, Map<String, String> headers, byte[] body, String error) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Empty when this is the API's error: JSON, {@code {"error":{"code":"...","message":"..."}}}; else what it is not. */
    Optional<String> notJsonError() {
      String type = header("Content-Type");
      if (type == null || !type.startsWith("application/json")) {
        return Optional.of("not a JSON error (Content-Type " + type + ")");
      }
      try {
        JsonObject error = new JsonObject(text()).getJsonObject("error");
        if (error != null && error.getValue("code") instanceof String && error.getValue("message") instanceof String) {
          return Optional.empty();
        }
      } catch (RuntimeException e) {
        // answered below
      }
      return Optional.of("not the JSON error format");
    }
  }

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  Response send(HostileRequest request) {
    boolean reused = socket != null;
    Response response = attempt(request);
    if (reused && response.status() == -1 && response.error().contains("without an answer")) {
      response = attempt(request); // the server had closed the idle connection: once more on a fresh one
    }
    return response;
  }

  private Response attempt(HostileRequest request) {
    try {
      if (socket == null) {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16_384);
        out = socket.getOutputStream();
      }
      try {
        out.write(request.toBytes(host + ":" + port));
        out.flush();
      } catch (IOException e) {
        // The server may answer (413, 431) and close before a large request is written whole: read what it said.
      }
      Response response = read(request.isHead());
      // After a refused large body the rest of it may still be in flight: never reuse that connection.
      boolean large = request.body() != null && request.body().length > 8_192;
      if (large || request.protocolBreaking() || "close".equalsIgnoreCase(response.header("Connection"))) {
        close();
      }
      return response;
    } catch (IOException | RuntimeException e) {
      close();
      return new Response(-1, Map.of(), new byte[0], e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Response read(boolean head) throws IOException {
    while (true) {
      String statusLine = line();
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP status line: " + HostileRequest.printable(statusLine, 100));
      }
      int status = Integer.parseInt(parts[1]);
      Map<String, String> headers = new TreeMap<>();
      for (String line = line(); !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
      if (status >= 100 && status < 200 && status != 101) {
        continue; // an interim answer (100 Continue): the real one follows
      }
      boolean noBody = head || status == 204 || status == 304 || status == 101;
      byte[] body = noBody ? new byte[0] : body(headers);
      return new Response(status, headers, decoded(body, headers.get("content-encoding")), null);
    }
  }

  private byte[] body(Map<String, String> headers) throws IOException {
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
           size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        body.writeBytes(in.readNBytes(size));
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // trailers: none expected
      }
      return body.toByteArray();
    }
    String length = headers.get("content-length");
    if (length != null) {
      byte[] body = in.readNBytes(Integer.parseInt(length));
      if (body.length < Integer.parseInt(length)) {
        throw new EOFException("body cut at " + body.length + " of " + length + " bytes");
      }
      return body;
    }
    byte[] rest = in.readAllBytes(); // neither: the body runs to the end of the connection
    close();
    return rest;
  }

  private static byte[] decoded(byte[] body, String encoding) throws IOException {
    if (body.length == 0 || encoding == null) {
      return body;
    }
    return switch (encoding.toLowerCase(Locale.ROOT)) {
      case "gzip" -> new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
      case "deflate" -> new InflaterInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
      default -> body;
    };
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException(line.size() == 0 ? "connection closed without an answer" : "connection closed mid-line");
      }
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }
}
