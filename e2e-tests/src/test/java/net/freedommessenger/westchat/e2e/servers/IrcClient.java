package net.freedommessenger.westchat.e2e.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** An IRC client for tests, plain or over TLS: sends raw lines, waits for a line it expects, answers PING. */
public final class IrcClient implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final BufferedReader in;
  private final List<String> transcript = new ArrayList<>();

  /** Connects to 127.0.0.1:port and registers the nick; returns once the server welcomed it (001). */
  public IrcClient(int port, String nick) {
    this(connect(port), nick);
  }

  /** Connects to the address (a Service or pod address of the real node) and registers the nick. */
  public IrcClient(java.net.InetSocketAddress server, String nick) {
    this(connect(server), nick);
  }

  private IrcClient(Socket connected, String nick) {
    this(connected, null, nick);
  }

  /** @param password sent with PASS before the nick (Ergo logs in to the account "name:password" names), or null */
  private IrcClient(Socket connected, String password, String nick) {
    try {
      socket = connected;
      out = socket.getOutputStream();
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (password != null) {
      send("PASS " + password);
    }
    send("NICK " + nick);
    send("USER " + nick + " 0 * :" + nick);
    await(numeric("001"), Duration.ofSeconds(10));
  }

  /**
   * Connects to 127.0.0.1:port over TLS as a client of serverName would: the server's certificate
   * must be trusted by the given trust manager and name serverName (sent as SNI).
   */
  public static IrcClient overTls(int port, String nick, X509TrustManager trust, String serverName) {
    return overTls(port, null, nick, trust, serverName);
  }

  /**
   * The same, logging in while connecting with a server password, as IRC programs offer it:
   * Ergo takes "account:password" there.
   */
  public static IrcClient overTls(int port, String password, String nick, X509TrustManager trust, String serverName) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(connect(port), serverName, port, true);
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
      tls.setSSLParameters(parameters);
      tls.startHandshake();
      return new IrcClient(tls, password, nick);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The TLS session, for a connection made with {@link #overTls}. */
  public SSLSession tlsSession() {
    return ((SSLSocket) socket).getSession();
  }

  private static Socket connect(int port) {
    return connect(new InetSocketAddress(LoopbackPorts.address(), port));
  }

  private static Socket connect(InetSocketAddress server) {
    try {
      Socket plain = new Socket();
      plain.connect(server, 5000);
      return plain;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void send(String line) {
    transcript.add("> " + line);
    try {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines whose second word is the numeric or command, e.g. "001", "366", "JOIN". */
  public static Predicate<String> numeric(String code) {
    return line -> {
      String[] words = line.split(" ", 3);
      return words.length > 1 && words[1].equals(code);
    };
  }

  /** Reads until a line matches; fails with everything said so far when none does in time. */
  public String await(Predicate<String> expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000)));
        String line;
        try {
          line = in.readLine();
        } catch (SocketTimeoutException e) {
          continue;
        }
        if (line == null) {
          throw new AssertionError("the IRC server closed the connection; transcript:\n" + transcript());
        }
        transcript.add("< " + line);
        if (line.startsWith("PING ")) {
          send("PONG " + line.substring(5));
        } else if (expected.test(line)) {
          return line;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no expected line from the IRC server within " + timeout.toSeconds() + "s; transcript:\n" + transcript());
  }

  public String transcript() {
    return String.join("\n", transcript);
  }

  @Override
  public void close() {
    try {
      if (!socket.isClosed()) {
        send("QUIT :done");
      }
    } catch (UncheckedIOException ignored) {
      // already gone
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
