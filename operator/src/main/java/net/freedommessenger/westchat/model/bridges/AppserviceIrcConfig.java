package net.freedommessenger.westchat.model.bridges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.model.OrderedMap;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Admin;

/**
 * config.yaml of matrix-appservice-irc. It holds no secret: the database password comes from
 * PGPASSWORD, the password encryption key is a file from a Secret, the tokens are in the
 * registration file. Rooms are mapped by id once the operator has created them.
 */
public final class AppserviceIrcConfig {

  public static final String FILE = "config.yaml";
  public static final String PASSKEY_FILE = "passkey.pem";
  /** Localpart prefix of the Matrix users that stand for IRC users. */
  public static final String USER_PREFIX = "irc_";
  public static final String SENDER_LOCALPART = "ircbridge";
  public static final String BOT_NICK = "MatrixBridge";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private AppserviceIrcConfig() {}

  /**
   * @param channelRooms each IRC channel ("#lobby") with the Matrix room id it is bridged to
   */
  public static String render(WestchatCommunitySpec spec, IrcBridgeSite site, Map<String, String> channelRooms) {
    Map<String, Object> config = new LinkedHashMap<>();
    Map<String, Object> homeserver = new LinkedHashMap<>();
    homeserver.put("url", site.homeserverUrl());
    homeserver.put("domain", spec.domain);
    homeserver.put("bindHostname", site.bindAddress());
    homeserver.put("bindPort", site.port());
    homeserver.put("enablePresence", false);
    config.put("homeserver", homeserver);
    config.put("database", OrderedMap.of("engine", "postgres", "connectionString", site.databaseUrl()));
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("passwordEncryptionKeyPath", site.secretsDir() + "/" + PASSKEY_FILE);
    service.put("logging", OrderedMap.of("level", "info", "toConsole", true));
    service.put("ident", OrderedMap.of("enabled", false));
    service.put("bridgeInfoState", OrderedMap.of("enabled", true, "initial", true));
    service.put("permissions", permissions(spec));
    service.put("servers", OrderedMap.of(site.ircHost(), server(spec, site, channelRooms)));
    config.put("ircService", service);
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the bridge config", e);
    }
  }

  /** The community's admins administer the bridge too. */
  private static Map<String, String> permissions(WestchatCommunitySpec spec) {
    Map<String, String> permissions = new TreeMap<>();
    for (Admin admin : spec.admins) {
      permissions.put("@" + admin.name + ":" + spec.domain, "admin");
    }
    return permissions;
  }

  private static Map<String, Object> server(WestchatCommunitySpec spec, IrcBridgeSite site, Map<String, String> channelRooms) {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("name", networkName(spec));
    server.put("port", site.ircPort());
    server.put("ssl", false);
    server.put("sendConnectionMessages", true);
    server.put("botConfig", OrderedMap.of("enabled", true, "nick", BOT_NICK, "joinChannelsIfNoUsers", true));
    server.put("privateMessages", OrderedMap.of("enabled", true, "federate", spec.federation.enabled));
    Map<String, Object> mirror = OrderedMap.of("initial", true, "incremental", true);
    server.put("membershipLists", OrderedMap.of("enabled", true, "global", OrderedMap.of(
        "ircToMatrix", OrderedMap.of("initial", true, "incremental", true, "requireMatrixJoined", false),
        "matrixToIrc", mirror)));
    // rooms exist because the operator made them; users do not open new ones through the bridge
    server.put("dynamicChannels", OrderedMap.of("enabled", false));
    Map<String, Object> mappings = new TreeMap<>();
    channelRooms.forEach((channel, roomId) -> mappings.put(channel, OrderedMap.of("roomIds", List.of(roomId))));
    server.put("mappings", mappings);
    server.put("matrixClients", OrderedMap.of("userTemplate", "@" + USER_PREFIX + "$NICK", "displayName", "$NICK", "joinAttempts", -1));
    Map<String, Object> ircClients = new LinkedHashMap<>();
    ircClients.put("nickTemplate", "$DISPLAY[m]");
    ircClients.put("allowNickChanges", true);
    ircClients.put("maxClients", 1000);
    ircClients.put("idleTimeout", 0);
    ircClients.put("realnameFormat", "mxid");
    server.put("ircClients", ircClients);
    return server;
  }

  public static String networkName(WestchatCommunitySpec spec) {
    if (spec.irc.networkName != null && !spec.irc.networkName.isBlank()) {
      return spec.irc.networkName;
    }
    String first = spec.domain.split("\\.")[0];
    return Character.toUpperCase(first.charAt(0)) + first.substring(1);
  }

  /** The registration Synapse needs for this bridge. */
  public static BridgeRegistration registration(WestchatCommunitySpec spec, IrcBridgeSite site, String asToken, String hsToken) {
    return new BridgeRegistration("westchat-irc", site.bridgeUrl(), asToken, hsToken, SENDER_LOCALPART, spec.domain,
        USER_PREFIX, USER_PREFIX, List.of("irc"));
  }

}
