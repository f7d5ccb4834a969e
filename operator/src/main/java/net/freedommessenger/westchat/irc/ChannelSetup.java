package net.freedommessenger.westchat.irc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes a community room exist on IRC: the channel registered with ChanServ to the operator's
 * account, with the room's topic. Works through a session that is already an IRC operator, so it
 * can take channel operator status (SAMODE) in a channel someone else opened first. Safe to
 * repeat: a channel registered to the operator and with the right topic is left as it is.
 */
public final class ChannelSetup {

  private final IrcSession session;
  private final String account;

  private ChannelSetup(IrcSession session, String account) {
    this.session = session;
    this.account = account;
  }

  /**
   * Logs the opered session in to the operator's services account (unless it logged in while
   * connecting, {@link IrcSession#connectAs}), registering the account first when it does not exist
   * yet (SAREGISTER, an oper's right), as ChanServ registers channels to accounts.
   */
  public static ChannelSetup loggedIn(IrcSession session, String account, String password) throws IOException {
    if (session.loggedIn()) {
      return new ChannelSetup(session, account);
    }
    List<String> registered = session.service("NickServ", "SAREGISTER " + account + " " + password);
    if (!mentions(registered, "successfully registered") && !mentions(registered, "already")) {
      throw new IrcSession.IrcError("NickServ did not register the operator's account: " + String.join(" ", registered));
    }
    List<String> identified = session.identify(account, password);
    if (!mentions(identified, "logged in")) {
      throw new IrcSession.IrcError("NickServ did not log the operator in: " + String.join(" ", identified));
    }
    return new ChannelSetup(session, account);
  }

  /**
   * Ensures the channel is registered to the operator's account and has the topic (a null topic
   * leaves the channel's own); returns what was changed, for the Events.
   */
  public List<String> ensure(String channel, String topic) throws IOException {
    List<String> done = new ArrayList<>();
    Optional<String> current = session.join(channel);
    // a channel opened by someone else gives the operator no channel operator status; an oper takes it
    session.mode("SAMODE " + channel + " +o " + account);
    List<String> answer = session.service("ChanServ", "REGISTER " + channel);
    if (mentions(answer, "successfully registered")) {
      done.add("registered " + channel + " with ChanServ");
    } else if (!registeredToUs(channel)) {
      throw new IrcSession.IrcError("ChanServ did not register " + channel + ": " + String.join(" ", answer));
    }
    if (topic != null && !topic.equals(current.orElse(null))) {
      session.topic(channel, topic);
      done.add("set the topic of " + channel);
    }
    session.part(channel);
    return done;
  }

  /** ChanServ INFO names the founder; the channel is ours when that is the operator's account. */
  private boolean registeredToUs(String channel) throws IOException {
    List<String> info = session.service("ChanServ", "INFO " + channel);
    return info.stream().map(l -> l.toLowerCase(Locale.ROOT))
        .anyMatch(l -> l.contains("founder") && l.contains(account.toLowerCase(Locale.ROOT)));
  }

  private static boolean mentions(List<String> lines, String words) {
    return lines.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains(words));
  }
}
