package net.freedommessenger.westchat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The lines the operator sends to Ergo, recorded by a loopback server that answers the way Ergo
 * does (labeled responses); the real Ergo is in the interop tests.
 */
class IrcSessionTest {

  /** Answers each line received with the lines the script gives for it. */
  static final class ScriptedServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    final List<String> received = new CopyOnWriteArrayList<>();
    final Thread thread;

    ScriptedServer(Function<String, List<String>> script) throws IOException {
      thread = new Thread(() -> {
        try (Socket client = socket.accept()) {
          BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
          OutputStream out = client.getOutputStream();
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            received.add(line);
            for (String answer : script.apply(line)) {
              out.write((answer + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
          }
        } catch (IOException e) {
          // the test closed the connection
        }
      });
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(2000);
    }
  }

  static List<String> ergo(String line, String purgeCode) {
    String label = line.startsWith("@label=") ? line.substring(7, line.indexOf(' ')) : null;
    String command = label == null ? line : line.substring(line.indexOf(' ') + 1);
    if (command.startsWith("CAP LS")) {
      return List.of(":irc.test CAP * LS :batch labeled-response message-tags sasl");
    }
    if (command.startsWith("CAP REQ")) {
      return List.of(":irc.test CAP * ACK :batch labeled-response message-tags");
    }
    if (command.equals("CAP END")) {
      return List.of(":irc.test 001 westchat :Welcome");
    }
    if (command.startsWith("OPER westchat right")) {
      return List.of("@label=" + label + " :irc.test 381 westchat :You are now an IRC operator");
    }
    if (command.startsWith("OPER")) {
      return List.of("@label=" + label + " :irc.test 464 westchat :Password incorrect");
    }
    if (command.equals("PRIVMSG ChanServ :PURGE ADD #spam")) {
      return List.of("@label=" + label + " BATCH +b1 labeled-response",
          "@batch=b1 :ChanServ!ChanServ@localhost NOTICE westchat :\u0002Warning: you are about to empty this channel\u0002",
          "@batch=b1 :ChanServ!ChanServ@localhost NOTICE westchat :To confirm, run this command: /CS PURGE ADD #spam "
              + purgeCode,
          "BATCH -b1");
    }
    if (command.equals("PRIVMSG ChanServ :PURGE ADD #spam " + purgeCode + " off topic")) {
      return List.of("@label=" + label + " :ChanServ!ChanServ@localhost NOTICE westchat :Successfully purged channel #spam "
          + "from the server");
    }
    if (command.equals("PRIVMSG ChanServ :PURGE DEL #spam")) {
      return List.of("@label=" + label + " :ChanServ!ChanServ@localhost NOTICE westchat :Successfully unpurged channel #spam "
          + "from the server");
    }
    if (command.startsWith("QUIT")) {
      return List.of("ERROR :Quit");
    }
    return label == null ? List.of() : List.of("@label=" + label + " ACK");
  }

  @Test
  void registersWithLabeledResponsesBecomesOperAndPurgesAChannelWithTheConfirmationCode() throws Exception {
    try (ScriptedServer server = new ScriptedServer(line -> ergo(line, "abc12"))) {
      try (IrcSession session = IrcSession.connect("127.0.0.1", server.port(), "westchat")) {
        session.oper("westchat", "right-password");
        assertTrue(new ChannelPurge(session).close("#spam", "off topic").contains("Successfully purged"));
        assertTrue(new ChannelPurge(session).reopen("#spam").contains("Successfully unpurged"));
      }
      // the session closed its socket after QUIT: the server has read every line once its thread ends
      server.thread.join(2000);
      assertEquals(List.of("CAP LS 302", "NICK westchat", "USER westchat 0 * :westchat",
          "CAP REQ :batch labeled-response message-tags", "CAP END",
          "OPER westchat right-password",
          "@label=w1 PRIVMSG ChanServ :PURGE ADD #spam",
          "@label=w2 PRIVMSG ChanServ :PURGE ADD #spam abc12 off topic",
          "@label=w3 PRIVMSG ChanServ :PURGE DEL #spam",
          "QUIT :done"), server.received);
    }
  }

  @Test
  void aRefusedOperSaysWhyWithoutThePassword() throws Exception {
    try (ScriptedServer server = new ScriptedServer(line -> ergo(line, "abc12"));
        IrcSession session = IrcSession.connect("127.0.0.1", server.port(), "westchat")) {
      IrcSession.IrcError refused = assertThrows(IrcSession.IrcError.class, () -> session.oper("westchat", "wrong-secret"));
      assertTrue(refused.getMessage().contains("Password incorrect"), refused.getMessage());
      assertFalse(refused.getMessage().contains("wrong-secret"));
    }
  }

  @Test
  void formattingIsTakenOutOfServiceAnswers() {
    assertEquals("Warning: bold and red", IrcSession.withoutFormatting("\u0002Warning:\u0002 bold and \u000304red\u0003"));
  }
}
