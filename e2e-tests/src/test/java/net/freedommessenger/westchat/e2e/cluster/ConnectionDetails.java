package net.freedommessenger.westchat.e2e.cluster;

import java.util.Map;
import java.util.function.Function;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.status.RoomAddress;
import net.freedommessenger.westchat.api.status.RoomStatus;

/**
 * What {@code ./westchat up} prints at the end: where chat programs on this machine reach the
 * community, the admins' initial passwords (when shown), and each room's address per network.
 * The lines that name an address start with a fixed word, so scripts can read them as well.
 */
final class ConnectionDetails {

  private ConnectionDetails() {}

  /**
   * @param passwords the admins' initial passwords by name, or empty when they were shown before
   * @param readPassword how to read an admin's initial password again (a command)
   */
  static String describe(WestchatCommunity community, UpPorts ports, Map<String, String> passwords,
      Function<String, String> readPassword) {
    String domain = community.getSpec().domain;
    StringBuilder out = new StringBuilder();
    out.append("\nThe community ").append(domain).append(" runs on this machine. Reach it from here:\n\n");
    out.append("  matrix-url   http://127.0.0.1:").append(ports.matrix())
        .append("   (homeserver URL; the server name is ").append(domain).append(")\n");
    out.append("  xmpp-server  127.0.0.1:").append(ports.xmpp())
        .append("   (accounts are name@").append(domain).append("; STARTTLS)\n");
    out.append("  irc-server   127.0.0.1:").append(ports.ircTls()).append("   (TLS; plain IRC on 127.0.0.1:")
        .append(ports.irc()).append(")\n");
    out.append("\n  Without a certificate issuer in spec.expose.tls the certificate is self-signed: chat programs warn once.\n");

    out.append("\nAdmins (the same name and password on Matrix, XMPP and IRC):\n");
    for (Admin admin : community.getSpec().admins) {
      String password = passwords.get(admin.name);
      out.append("  admin        ").append(admin.name).append(' ')
          .append(password != null ? password : "(initial password shown when the community was made; to read it again: "
              + readPassword.apply(admin.name) + ")").append('\n');
    }
    if (!passwords.isEmpty()) {
      out.append("  These initial passwords are shown once: note them, and change them after the first login.\n");
    }

    out.append("\nRooms:\n");
    if (community.getStatus().rooms.isEmpty()) {
      out.append("  none yet: add one to spec.rooms (for example  rooms: [{name: lobby}]) and run up again\n");
    }
    for (RoomStatus room : community.getStatus().rooms) {
      out.append("  room         ").append(room.name)
          .append(address("matrix", room.matrix)).append(address("xmpp", room.xmpp)).append(address("irc", room.irc))
          .append('\n');
    }
    return out.toString();
  }

  private static String address(String network, RoomAddress address) {
    return address == null || address.address == null ? "" : "  " + network + "=" + address.address;
  }
}
