package dev.mariposa.reliability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A socket on the bridge's raw WebSocket transport ({@code /eventbus/websocket}) that writes
 * whatever it is given, text or binary, and keeps every message the server sends, unparsed (the
 * test judges them), and how the server closed it. BridgeClient, by contrast, speaks the protocol.
 */
final class RawBridgeSocket {
  private final WebSocketClient client;
  private final WebSocket socket;
  private final ConcurrentLinkedQueue<Buffer> received;
  private volatile boolean closed;
  private volatile Short closeStatus;

  private RawBridgeSocket(WebSocketClient client, WebSocket socket, ConcurrentLinkedQueue<Buffer> received) {
    this.client = client;
    this.socket = socket;
    this.received = received;
    socket.handler(received::add);
    socket.closeHandler(v -> {
      closeStatus = socket.closeStatusCode();
      closed = true;
    });
    socket.exceptionHandler(t -> closed = true);
  }

  /** Opens a socket to {@code port} on loopback; what it receives is added to {@code received}. */
  static RawBridgeSocket open(Vertx vertx, int port, ConcurrentLinkedQueue<Buffer> received) throws Exception {
    // The client's own limits are raised so that it can send what the server must refuse.
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(4 * 1024 * 1024).setMaxMessageSize(8 * 1024 * 1024));
    WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket")).await(10, TimeUnit.SECONDS);
    return new RawBridgeSocket(client, socket, received);
  }

  /** Writes one frame; a failed write (the server closed the socket) is not an error here. */
  Future<Void> write(HostileFrames.Frame frame) {
    if (closed) {
      return Future.succeededFuture();
    }
    Future<Void> written = frame.binary() ? socket.writeBinaryMessage(frame.data())
        : socket.writeTextMessage(frame.data().toString());
    return written.recover(t -> Future.succeededFuture());
  }

  boolean isClosed() {
    return closed;
  }

  /** The close status the server sent (1009 too big, 1007 bad text …), null when none or still open. */
  Short closeStatus() {
    return closeStatus;
  }

  static List<Buffer> drain(ConcurrentLinkedQueue<Buffer> received) {
    List<Buffer> out = new java.util.ArrayList<>();
    for (Buffer b = received.poll(); b != null; b = received.poll()) {
      out.add(b);
    }
    return out;
  }

  void close() {
    if (!closed) {
      socket.close();
    }
    client.close();
  }
}
