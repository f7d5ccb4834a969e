package net.freedommessenger.westchat.irc;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closes and reopens IRC channels with Ergo's ChanServ PURGE, as an IRC operator with the chanreg
 * capability. From Ergo 2.8 on (and still in 2.14) the command is {@code PURGE ADD #channel [code]
 * [reason]}: without the right confirmation code ChanServ only answers with the command to
 * confirm, so the code is read from that answer and the command sent again with it. Members are
 * kicked, and nobody can join or register the channel until {@code PURGE DEL}.
 *
 * <p>Some 2.8 builds refuse the code when a reason follows it. With those, the operator joins the
 * channel as an oper (SAJOIN, which passes invite-only and keys), tells the members the reason in
 * a NOTICE, and purges without a reason.
 */
public final class ChannelPurge {

  private static final Pattern CONFIRM = Pattern.compile("/CS PURGE ADD (\\S+) (\\S+)");
  private static final String SERVICE = "ChanServ";

  private final IrcSession session;

  public ChannelPurge(IrcSession session) {
    this.session = session;
  }

  /** @return ChanServ's answer, for the status */
  public String close(String channel, String reason) throws IOException {
    String text = oneLine(reason);
    List<String> answer = session.service(SERVICE, "PURGE ADD " + channel);
    Optional<String> code = confirmationCode(answer);
    if (code.isPresent()) {
      answer = session.service(SERVICE, "PURGE ADD " + channel + " " + code.get() + " " + text);
      if (confirmationCode(answer).isPresent()) {
        tellMembers(channel, text);
        answer = session.service(SERVICE, "PURGE ADD " + channel + " " + code.get());
      }
    }
    if (answer.stream().anyMatch(line -> line.contains("Successfully purged") || line.contains("already purged"))) {
      return String.join(" ", answer);
    }
    throw new IrcSession.IrcError("ChanServ did not purge " + channel + ": " + String.join(" ", answer));
  }

  private void tellMembers(String channel, String reason) throws IOException {
    session.request("SAJOIN " + channel);
    session.request("NOTICE " + channel + " :This channel is closed by the admins: " + reason);
  }

  /** @return ChanServ's answer, for the status */
  public String reopen(String channel) throws IOException {
    List<String> answer = session.service(SERVICE, "PURGE DEL " + channel);
    if (answer.stream().anyMatch(line -> line.contains("Successfully unpurged") || line.contains("wasn't previously purged"))) {
      return String.join(" ", answer);
    }
    throw new IrcSession.IrcError("ChanServ did not unpurge " + channel + ": " + String.join(" ", answer));
  }

  static Optional<String> confirmationCode(List<String> answer) {
    for (String line : answer) {
      Matcher matcher = CONFIRM.matcher(line);
      if (matcher.find()) {
        return Optional.of(matcher.group(2));
      }
    }
    return Optional.empty();
  }

  /** A reason is the last parameter of one IRC line. */
  private static String oneLine(String reason) {
    return reason.replaceAll("[\\r\\n]+", " ").strip();
  }
}
