package net.freedommessenger.westchat.e2e.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ports of 127.0.0.1 where {@code ./westchat up} makes a local community reachable: the
 * usual ones of each protocol, each changeable through an environment variable for a machine
 * where one is taken.
 */
record UpPorts(int matrix, int xmpp, int irc, int ircTls) {

  static final String MATRIX = "WESTCHAT_MATRIX_PORT";
  static final String XMPP = "WESTCHAT_XMPP_PORT";
  static final String IRC = "WESTCHAT_IRC_PORT";
  static final String IRC_TLS = "WESTCHAT_IRC_TLS_PORT";

  static UpPorts fromEnvironment(Map<String, String> environment) {
    return new UpPorts(port(environment, MATRIX, 8008), port(environment, XMPP, 5222), port(environment, IRC, 6667),
        port(environment, IRC_TLS, 6697));
  }

  /** Each port with what it is for and the variable that moves it. */
  Map<String, Integer> byVariable() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put(MATRIX + " (Matrix)", matrix);
    ports.put(XMPP + " (XMPP)", xmpp);
    ports.put(IRC + " (IRC)", irc);
    ports.put(IRC_TLS + " (IRC over TLS)", ircTls);
    return ports;
  }

  /** The first port another program holds, as one line saying what to do, or null. */
  String firstTaken() {
    for (Map.Entry<String, Integer> port : byVariable().entrySet()) {
      if (!LocalCluster.isFree(port.getValue())) {
        String variable = port.getKey().substring(0, port.getKey().indexOf(' '));
        return "port 127.0.0.1:" + port.getValue() + " " + port.getKey().substring(port.getKey().indexOf(' ') + 1)
            + " is taken by another program: stop it, or choose another port with " + variable + "=PORT ./westchat up";
      }
    }
    return null;
  }

  private static int port(Map<String, String> environment, String variable, int usual) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      return usual;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new IllegalArgumentException(variable + "=" + value + " is not a port number (1-65535)");
  }
}
