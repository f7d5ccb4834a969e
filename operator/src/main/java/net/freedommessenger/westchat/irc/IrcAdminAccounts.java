package net.freedommessenger.westchat.irc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives each admin a NickServ account on Ergo, with the initial password of their account Secret,
 * so the admins log in to IRC as they do to Matrix and XMPP (with the same name and password) and
 * own their nick. Registered through an opered session (SAREGISTER, an oper's right); an account
 * that exists is left alone, so a password the admin changed stays changed.
 */
public final class IrcAdminAccounts {

  private IrcAdminAccounts() {}

  /** @return the accounts this call registered (none when all existed) */
  public static List<String> ensure(IrcSession opered, Map<String, String> passwordsByAdmin) throws IOException {
    List<String> registered = new ArrayList<>();
    for (Map.Entry<String, String> admin : passwordsByAdmin.entrySet()) {
      List<String> answer = opered.service("NickServ", "SAREGISTER " + admin.getKey() + " " + admin.getValue());
      String said = String.join(" ", answer).toLowerCase(Locale.ROOT);
      if (said.contains("successfully registered")) {
        registered.add(admin.getKey());
      } else if (!said.contains("already")) {
        // NickServ's answer names the account, never the password
        throw new IrcSession.IrcError("NickServ did not register the admin account " + admin.getKey() + ": "
            + String.join(" ", answer));
      }
    }
    return registered;
  }
}
