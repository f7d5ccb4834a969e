package net.freedommessenger.westchat.xmpp;

import java.io.IOException;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Closes and reopens group chats on Prosody as the operator's account, which the rendered config
 * lists among the server admins, and Prosody's MUC makes admins owners of every room.
 *
 * <p>Closing destroys the room with the reason (XEP-0045 owner destroy: every occupant is told the
 * reason and removed), then takes the address over: the operator creates the room again as its
 * own, members-only, persistent and hidden, with nobody on the member list, so nobody can rejoin
 * or recreate it. Prosody's own tombstone of a destroyed room would only last a month and only for
 * persistent rooms. Reopening makes the operator's room temporary and destroys it, which leaves no
 * tombstone, so the address is free again.
 */
public final class GroupChatClosing implements AutoCloseable {

  static final String NICK = "westchat-moderation";
  static final String PERSISTENT = "muc#roomconfig_persistentroom";
  static final String MEMBERS_ONLY = "muc#roomconfig_membersonly";
  static final String PUBLIC = "muc#roomconfig_publicroom";
  static final String NAME = "muc#roomconfig_roomname";
  static final String DESCRIPTION = "muc#roomconfig_roomdesc";

  private final XMPPTCPConnection connection;
  private final MultiUserChatManager chats;

  private GroupChatClosing(XMPPTCPConnection connection) {
    this.connection = connection;
    this.chats = MultiUserChatManager.getInstanceFor(connection);
  }

  /**
   * Logs in over STARTTLS to host:port as user@domain.
   *
   * @param trust the certificates to trust, or null for the JVM's
   */
  public static GroupChatClosing login(String host, int port, String domain, String user, String password,
      X509TrustManager trust) throws IOException {
    try {
      XMPPTCPConnectionConfiguration.Builder config = XMPPTCPConnectionConfiguration.builder()
          .setXmppDomain(domain)
          .setHost(host)
          .setPort(port)
          .setSecurityMode(SecurityMode.required)
          .setUsernameAndPassword(user, password)
          .setResource("operator")
          .setConnectTimeout(10_000);
      if (trust != null) {
        config.setCustomX509TrustManager(trust);
      }
      XMPPTCPConnection connection = new XMPPTCPConnection(config.build());
      connection.setReplyTimeout(10_000);
      connection.connect().login();
      return new GroupChatClosing(connection);
    } catch (SmackException | XMPPException e) {
      throw new IOException("could not log in to Prosody as " + user + "@" + domain + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while logging in to Prosody", e);
    }
  }

  /** @return what was done, for the status */
  public String close(String room, String reason) throws IOException {
    try {
      MultiUserChat chat = chats.getMultiUserChat(JidCreate.entityBareFrom(room));
      boolean existed = destroy(chat, reason);
      chat.createOrJoin(Resourcepart.from(NICK));
      FillableForm form = chat.getConfigurationForm().getFillableForm();
      form.setAnswer(PERSISTENT, true);
      form.setAnswer(MEMBERS_ONLY, true);
      form.setAnswer(PUBLIC, false);
      form.setAnswer(NAME, "Closed by the admins");
      form.setAnswer(DESCRIPTION, reason);
      chat.sendConfigurationForm(form);
      chat.leave();
      return (existed ? "destroyed with the reason; " : "no such room; ") + "the address is held closed by the operator";
    } catch (SmackException | XMPPException e) {
      throw new IOException("Prosody refused to close " + room + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while closing " + room, e);
    }
  }

  /** @return what was done, for the status */
  public String reopen(String room) throws IOException {
    try {
      EntityBareJid jid = JidCreate.entityBareFrom(room);
      MultiUserChat chat = chats.getMultiUserChat(jid);
      chat.createOrJoin(Resourcepart.from(NICK));
      FillableForm form = chat.getConfigurationForm().getFillableForm();
      form.setAnswer(PERSISTENT, false);
      chat.sendConfigurationForm(form);
      destroy(chat, null);
      return "reopened: the address is free";
    } catch (SmackException | XMPPException e) {
      throw new IOException("Prosody refused to reopen " + room + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reopening " + room, e);
    }
  }

  /** Destroys the room; false when there was none. */
  private static boolean destroy(MultiUserChat chat, String reason)
      throws SmackException.NoResponseException, XMPPException.XMPPErrorException, SmackException.NotConnectedException,
      InterruptedException {
    try {
      chat.destroy(reason, null);
      return true;
    } catch (XMPPException.XMPPErrorException e) {
      if (e.getStanzaError().getCondition() == StanzaError.Condition.item_not_found) {
        return false;
      }
      throw e;
    }
  }

  private static String describe(Exception e) {
    if (e instanceof XMPPException.XMPPErrorException error) {
      StanzaError stanza = error.getStanzaError();
      return stanza.getCondition() + (stanza.getDescriptiveText() == null ? "" : " (" + stanza.getDescriptiveText() + ")");
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  @Override
  public void close() {
    connection.disconnect();
  }
}
