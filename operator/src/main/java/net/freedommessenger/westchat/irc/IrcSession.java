package net.freedommessenger.westchat.irc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A short IRC connection the operator opens to its own Ergo to act as the network's administrator:
 * register a nick, become an IRC operator, log in to an account, and talk to the services
 * (ChanServ, NickServ). Service answers are read through IRCv3 labeled responses, so the session
 * knows where one answer ends without waiting for silence.
 *
 * <p>Passwords are sent, never logged or put into an exception message: the lines kept for errors
 * leave out what the operator sent.
 */
public final class IrcSession implements AutoCloseable {

  /** A refusal or an unexpected answer from the IRC server, in the server's words. */
  public static final class IrcError extends IOException {
    public IrcError(String message) {
      super(message);
    }
  }

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private final Socket socket;
  private final OutputStream out;
  private final BufferedReader in;
  private final Duration timeout;
  private final String nick;
  private int nextLabel = 1;
  private boolean loggedIn;

  private IrcSession(Socket socket, Duration timeout, String nick) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.timeout = timeout;
    this.nick = nick;
  }

  /**
   * Connects over the plain in-cluster port, asks for labeled responses and registers the nick;
   * returns once the server welcomed it.
   */
  public static IrcSession connect(String host, int port, String nick) throws IOException {
    return connect(host, port, nick, DEFAULT_TIMEOUT);
  }

  public static IrcSession connect(String host, int port, String nick, Duration timeout) throws IOException {
    return open(host, port, nick, null, timeout);
  }

  /**
   * Connects and logs in to the account of the same name with SASL while registering, as a nick
   * that belongs to an account may only be used logged in. When the account does not exist yet
   * the session goes on as a guest (the nick is free then), and {@link #loggedIn()} says so.
   */
  public static IrcSession connectAs(String host, int port, String account, String password) throws IOException {
    return open(host, port, account, password, DEFAULT_TIMEOUT);
  }

  private static IrcSession open(String host, int port, String nick, String password, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      IrcSession session = new IrcSession(socket, timeout, nick);
      session.register(password);
      return session;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Whether the session logged in to its account with SASL while registering. */
  public boolean loggedIn() {
    return loggedIn;
  }

  private void register(String password) throws IOException {
    send("CAP LS 302");
    send("NICK " + nick);
    send("USER " + nick + " 0 * :" + nick);
    String caps = await(line -> command(line).equals("CAP") && line.contains(" LS "), "the list of capabilities");
    if (!(caps.contains("labeled-response") && caps.contains("batch"))) {
      throw new IrcError("the IRC server does not offer labeled responses: " + caps);
    }
    boolean sasl = password != null && caps.contains("sasl");
    send("CAP REQ :batch labeled-response message-tags" + (sasl ? " sasl" : ""));
    await(line -> command(line).equals("CAP") && (line.contains(" ACK ") || line.contains(" NAK ")), "the capabilities");
    if (sasl) {
      send("AUTHENTICATE PLAIN");
      await(line -> command(line).equals("AUTHENTICATE"), "the server's readiness for SASL");
      send("AUTHENTICATE " + Base64.getEncoder().encodeToString(
          (nick + "\0" + nick + "\0" + password).getBytes(StandardCharsets.UTF_8)));
      // 903: logged in; 904: no such account or wrong password, and the session goes on as a guest
      String outcome = await(line -> isNumeric(line, "903") || isNumeric(line, "904") || isNumeric(line, "902")
          || isNumeric(line, "908"), "the outcome of SASL");
      loggedIn = isNumeric(outcome, "903");
    }
    send("CAP END");
    String welcome = await(line -> isNumeric(line, "001") || isNumeric(line, "433") || isNumeric(line, "432")
        || command(line).equals("ERROR"), "the welcome");
    if (!isNumeric(welcome, "001")) {
      throw new IrcError("the IRC server refused the nick " + nick + ": " + trailing(welcome));
    }
  }

  /** Becomes an IRC operator with the oper block of that name; fails with the server's refusal. */
  public void oper(String name, String password) throws IOException {
    send("OPER " + name + " " + password);
    String answer = await(line -> isNumeric(line, "381") || isNumeric(line, "464") || isNumeric(line, "491")
        || isNumeric(line, "461"), "the answer to OPER");
    if (!isNumeric(answer, "381")) {
      throw new IrcError("OPER " + name + " was refused: " + trailing(answer));
    }
  }

  /** Logs in to a services account with NickServ, answering with its notices. */
  public List<String> identify(String account, String password) throws IOException {
    return service("NickServ", "IDENTIFY " + account + " " + password);
  }

  /**
   * Sends one command to a service, such as ChanServ or NickServ, and returns the text of every
   * NOTICE it answered with (usually one or two lines). The command is not repeated in errors, as
   * it may carry a password.
   */
  public List<String> service(String service, String command) throws IOException {
    List<String> notices = new ArrayList<>();
    for (String line : request("PRIVMSG " + service + " :" + command)) {
      String kind = command(line);
      if (kind.equals("NOTICE") || kind.equals("PRIVMSG")
          // a numeric answer, such as "no such nick" when the service is missing
          || (kind.matches("\\d{3}") && !kind.startsWith("0"))) {
        notices.add(withoutFormatting(trailing(line)));
      }
    }
    return notices;
  }

  /**
   * Joins a channel and returns its topic, empty when it has none; fails with the server's answer
   * when the join is refused.
   */
  public Optional<String> join(String channel) throws IOException {
    Optional<String> topic = Optional.empty();
    boolean joined = false;
    for (String line : request("JOIN " + channel)) {
      if (command(line).equals("JOIN")) {
        joined = true;
      } else if (isNumeric(line, "332")) {
        topic = Optional.of(trailing(line));
      } else if (command(line).matches("4\\d\\d")) {
        throw new IrcError("JOIN " + channel + " was refused: " + trailing(line));
      }
    }
    if (!joined) {
      throw new IrcError("the IRC server did not confirm JOIN " + channel);
    }
    return topic;
  }

  /** Sets a channel's topic; fails with the server's answer when it is refused. */
  public void topic(String channel, String topic) throws IOException {
    refusedIfError(request("TOPIC " + channel + " :" + topic), "TOPIC " + channel);
  }

  /** Sends a MODE change, such as SAMODE #chan +o nick for an IRC operator; fails with the server's answer. */
  public void mode(String command) throws IOException {
    refusedIfError(request(command), command);
  }

  public void part(String channel) throws IOException {
    request("PART " + channel);
  }

  private static void refusedIfError(List<String> answer, String what) throws IrcError {
    for (String line : answer) {
      if (command(line).matches("4\\d\\d") || command(line).equals("FAIL")) {
        throw new IrcError(what + " was refused: " + trailing(line));
      }
    }
  }

  /**
   * Sends one line and returns every line the server answered it with (none for a bare
   * acknowledgement), read to the end of the labeled response.
   */
  public List<String> request(String line) throws IOException {
    String label = "w" + nextLabel++;
    send("@label=" + label + " " + line);
    List<String> answer = new ArrayList<>();
    Optional<String> batch = Optional.empty();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String received = next(deadline, "the answer to " + line.split(" ", 2)[0]);
      String tags = tags(received);
      String kind = command(received);
      if (batch.isEmpty() && hasTag(tags, "label", label)) {
        if (kind.equals("ACK")) {
          return answer;
        }
        if (kind.equals("BATCH")) {
          batch = Optional.of(firstParameter(received).substring(1));
          continue;
        }
        answer.add(received);
        return answer;
      }
      if (batch.isPresent()) {
        if (kind.equals("BATCH") && firstParameter(received).equals("-" + batch.get())) {
          return answer;
        }
        if (hasTag(tags, "batch", batch.get())) {
          answer.add(received);
        }
      }
    }
  }

  private static boolean hasTag(String tags, String key, String value) {
    for (String tag : tags.split(";")) {
      if (tag.equals(key + "=" + value)) {
        return true;
      }
    }
    return false;
  }

  /** Services mark words bold or coloured; the operator reads the words. */
  static String withoutFormatting(String text) {
    return text.replaceAll("\u0003(\\d{1,2}(,\\d{1,2})?)?", "").replaceAll("[\u0002\u000f\u0011\u0016\u001d\u001e\u001f]", "");
  }

  /** Sends QUIT and closes the connection. */
  @Override
  public void close() throws IOException {
    try {
      send("QUIT :done");
    } catch (IOException e) {
      // the connection may be gone already; closing is all that is left
    } finally {
      socket.close();
    }
  }

  private void send(String line) throws IOException {
    if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("an IRC line cannot hold a line break");
    }
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private String await(Predicate<String> expected, String what) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = next(deadline, what);
      if (expected.test(line)) {
        return line;
      }
    }
  }

  /** The next line that is not a PING (which is answered); an IrcError when none comes in time. */
  private String next(long deadline, String what) throws IOException {
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IrcError("no answer from the IRC server within " + timeout.toSeconds() + "s while waiting for " + what);
      }
      socket.setSoTimeout((int) Math.max(1, Math.min(1000, left / 1_000_000)));
      String line;
      try {
        line = in.readLine();
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (line == null) {
        throw new IrcError("the IRC server closed the connection while the operator waited for " + what);
      }
      if (command(line).equals("PING")) {
        send("PONG " + line.substring(line.indexOf("PING") + 5));
        continue;
      }
      if (command(line).equals("ERROR")) {
        throw new IrcError("the IRC server ended the connection: " + trailing(line));
      }
      return line;
    }
  }

  static boolean isNumeric(String line, String code) {
    return command(line).equals(code);
  }

  /** The words of a line after its tags. */
  private static String[] words(String line) {
    String rest = line.startsWith("@") ? line.substring(line.indexOf(' ') + 1) : line;
    return rest.split(" ");
  }

  /** The first parameter after the command, such as the reference of a BATCH. */
  static String firstParameter(String line) {
    String[] words = words(line);
    int command = words[0].startsWith(":") ? 1 : 0;
    return words.length > command + 1 ? words[command + 1] : "";
  }

  static String tags(String line) {
    return line.startsWith("@") ? line.substring(1, line.indexOf(' ')) : "";
  }

  /** The command or numeric of a line, after its tags and source. */
  static String command(String line) {
    String[] words = words(line);
    if (words.length == 0) {
      return "";
    }
    return words[0].startsWith(":") ? (words.length > 1 ? words[1] : "") : words[0];
  }

  /** The last parameter of a line: the text of a NOTICE or of a numeric. */
  static String trailing(String line) {
    String rest = line.startsWith("@") ? line.substring(line.indexOf(' ') + 1) : line;
    if (rest.startsWith(":")) {
      rest = rest.substring(1);
    }
    int colon = rest.indexOf(" :");
    if (colon >= 0) {
      return rest.substring(colon + 2);
    }
    String[] parts = rest.split(" ");
    return parts[parts.length - 1];
  }
}
