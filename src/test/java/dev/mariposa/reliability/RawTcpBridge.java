package dev.mariposa.reliability;

import io.vertx.core.buffer.Buffer;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking connection to the TCP event-bus bridge that writes whatever bytes it is given and
 * reads the bridge's frames (4-byte big-endian length, then JSON) unparsed: the test judges them.
 * {@link #roundTrip} writes a frame then a {@code ping}, and collects what comes back until the
 * {@code pong}: the frame's answers, or the sign that the connection stopped reading (the
 * library stops reading a connection that sent a frame it cannot handle) or was closed.
 */
public final class RawTcpBridge implements AutoCloseable {
  private static final byte[] PING = frame("{\"type\":\"ping\"}");
  private static final int MAX_ANSWER = 8 * 1024 * 1024;

  /** How a round trip ended. */
  public enum End { PONG, WEDGED, CLOSED }

  /** What came back for one frame: the frames before the pong (or before the end), and how it ended. */
  public record Answers(List<String> frames, End end) {}

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  public RawTcpBridge(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  public static byte[] frame(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(bytes.length + 4).appendInt(bytes.length).appendBytes(bytes).getBytes();
  }

  /** Writes {@code wire} (then a ping, when {@code ping}) and reads until the pong, or {@code timeoutMs} of silence. */
  public Answers roundTrip(Buffer wire, boolean ping, int timeoutMs) {
    List<String> frames = new ArrayList<>();
    try {
      out.write(wire.getBytes());
      if (ping) {
        out.write(PING);
      }
      out.flush();
      socket.setSoTimeout(timeoutMs);
      long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      while (System.nanoTime() < deadline) {
        String answer = read();
        if (ping && answer.equals("{\"type\":\"pong\"}")) {
          return new Answers(frames, End.PONG);
        }
        frames.add(answer);
      }
      return new Answers(frames, ping ? End.WEDGED : End.PONG);
    } catch (SocketTimeoutException e) {
      return new Answers(frames, ping ? End.WEDGED : End.PONG);
    } catch (IOException e) {
      return new Answers(frames, End.CLOSED);
    }
  }

  /** The next frame's JSON, waiting at most the socket's timeout. */
  String read() throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_ANSWER) {
      throw new EOFException("a frame of " + length + " bytes from the bridge");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing
    }
  }
}
