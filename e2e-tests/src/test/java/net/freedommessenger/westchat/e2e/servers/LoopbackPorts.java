package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on 127.0.0.1, chosen by the kernel, never a server's well-known port. A port is
 * handed out once per test JVM, so two servers of one test never get the same one.
 */
public final class LoopbackPorts {

  public static final String HOST = "127.0.0.1";

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  public static InetAddress address() {
    try {
      return InetAddress.getByName(HOST);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port nothing listens on right now. */
  public static int take() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(address(), 0), 1);
        int port = socket.getLocalPort();
        if (HANDED_OUT.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot find a free port on " + HOST, e);
      }
    }
    throw new IllegalStateException("no free port on " + HOST + " after 100 tries");
  }

  /** Whether something accepts a TCP connection on 127.0.0.1:port. */
  public static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
