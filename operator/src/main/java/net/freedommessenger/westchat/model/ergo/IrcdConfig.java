package net.freedommessenger.westchat.model.ergo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.model.OrderedMap;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.InClusterAddresses;

/**
 * Ergo's ircd.yaml for a community (keys of Ergo 2.8, which later versions still read). It holds
 * no password, only bcrypt hashes of the opers' passwords; being made from the account Secrets,
 * it is kept in a Secret all the same.
 */
public final class IrcdConfig {

  public static final String FILE = "ircd.yaml";
  public static final String MOTD_FILE = "ircd.motd";

  /**
   * Addresses whose connections are not counted against the per-address limits: loopback and the
   * private ranges pod networks are taken from. The bridges open one connection per bridged user
   * from a single pod address (matrix-appservice-irc's pod, Biboumi in Prosody's pod; Heisenbridge
   * one per network), and Ergo would otherwise refuse the 17th. People come through the TLS
   * Service, whose LoadBalancer keeps their own addresses, so they stay limited.
   */
  public static final List<String> UNLIMITED_NETWORKS = InClusterAddresses.RANGES;

  /** Login attempts a connection may make per {@link #LOGIN_WINDOW}. */
  public static final int LOGIN_ATTEMPTS = 3;
  public static final String LOGIN_WINDOW = "1m";
  /** New NickServ accounts on the whole server per 10 minutes (only with registration: open). */
  public static final int REGISTRATIONS_PER_WINDOW = 30;
  /** New connections per address in {@code ip-limits.window} (10 minutes), outside {@link #UNLIMITED_NETWORKS}. */
  public static final int CONNECTIONS_PER_WINDOW = 32;

  static final String ADMIN_CLASS = "server-admin";
  static final String MODERATOR_CLASS = "chat-moderator";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private IrcdConfig() {}

  /** spec.irc.networkName, or the first label of the domain. */
  public static String networkName(WestchatCommunitySpec spec) {
    String name = spec.irc.networkName;
    return name != null && !name.isBlank() ? name : spec.domain.substring(0, spec.domain.indexOf('.'));
  }

  public static String render(WestchatCommunitySpec spec, ErgoSite site, List<IrcOperator> opers) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("network", Map.of("name", networkName(spec)));
    config.put("server", server(spec, site));
    config.put("accounts", accounts(spec.registration));
    config.put("channels", channels());
    config.put("oper-classes", operClasses());
    config.put("opers", opers(spec, opers));
    config.put("logging", List.of(OrderedMap.of("method", "stderr", "type", "* -userinput -useroutput", "level", "info")));
    config.put("datastore", OrderedMap.of("path", site.datastorePath(), "autoupgrade", true));
    config.put("languages", Map.of("enabled", false));
    config.put("limits", limits());
    config.put("fakelag", OrderedMap.of("enabled", true, "window", "1s", "burst-limit", 5, "messages-per-window", 2,
        "cooldown", "2s"));
    // no message history on the server: what is said is kept by the clients and the bridges only
    config.put("history", Map.of("enabled", false));
    try {
      return "# Rendered by the Westchat operator from the WestchatCommunity; edits are overwritten.\n"
          + YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write ircd.yaml", e);
    }
  }

  /** The message of the day: the community's rules, and how to get an account. */
  public static String motd(WestchatCommunitySpec spec) {
    StringBuilder motd = new StringBuilder();
    motd.append("Welcome to ").append(networkName(spec)).append(", the IRC network of ").append(spec.domain).append(".\n");
    if (spec.rules != null && !spec.rules.isBlank()) {
      motd.append('\n').append(spec.rules.strip()).append('\n');
    }
    motd.append('\n');
    if (spec.registration == Registration.OPEN) {
      motd.append("Register your nick: /msg NickServ REGISTER <password>\n");
    } else {
      motd.append("Accounts are made by the admins (")
          .append(String.join(", ", spec.admins.stream().map(a -> a.name).toList()))
          .append("): ask one of them.\n");
    }
    return motd.toString();
  }

  /** The hash of each oper in a rendered ircd.yaml; empty when there is none or it cannot be read. */
  public static Map<String, String> operHashes(String ircdYaml) {
    Map<String, String> hashes = new TreeMap<>();
    if (ircdYaml == null || ircdYaml.isBlank()) {
      return hashes;
    }
    try {
      JsonNode opers = YAML.readTree(ircdYaml).path("opers");
      opers.fields().forEachRemaining(oper -> {
        String hash = oper.getValue().path("password").asText(null);
        if (hash != null) {
          hashes.put(oper.getKey(), hash);
        }
      });
    } catch (JsonProcessingException e) {
      // a config edited by hand into something unreadable: every oper gets a new hash
    }
    return hashes;
  }

  private static Map<String, Object> server(WestchatCommunitySpec spec, ErgoSite site) {
    Map<String, Object> listeners = new LinkedHashMap<>();
    listeners.put(site.plainListener(), Map.of());
    if (site.servesTls()) {
      listeners.put(site.tlsListener(), OrderedMap.of("tls", OrderedMap.of("cert", site.certificateFile(), "key", site.keyFile()),
          "min-tls-version", "1.2"));
    }
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("name", new CommunityHosts(spec.domain).ircHost());
    server.put("listeners", listeners);
    server.put("casemapping", "precis");
    server.put("enforce-utf8", true);
    // reverse DNS and ident say nothing useful about clients that come through a cloud load balancer
    server.put("lookup-hostnames", false);
    server.put("forward-confirm-hostnames", false);
    server.put("check-ident", false);
    server.put("coerce-ident", "~u");
    server.put("motd", site.motdPath());
    // the rules are shown as written: Ergo's $-escapes for colours would mangle a '$' in them
    server.put("motd-formatting", false);
    server.put("max-sendq", "96k");
    server.put("ip-limits", OrderedMap.of(
        "count", true,
        "max-concurrent-connections", 16,
        "throttle", true,
        "window", "10m",
        "max-connections-per-window", CONNECTIONS_PER_WINDOW,
        "cidr-len-ipv4", 32,
        "cidr-len-ipv6", 64,
        "exempted", UNLIMITED_NETWORKS));
    // other users see a hash of an address instead of the address itself
    server.put("ip-cloaking", OrderedMap.of(
        "enabled", true,
        "enabled-for-always-on", true,
        "netname", "irc",
        "cidr-len-ipv4", 32,
        "cidr-len-ipv6", 64,
        "num-bits", 64));
    return server;
  }

  /**
   * NickServ accounts. Ergo 2.8 has neither invitation codes nor a way for an admin to confirm
   * a pending account (its only verification is by e-mail, which needs a mail server the spec
   * does not name). So 'open' lets anyone register with NickServ REGISTER, while 'invite' and
   * 'closed' switch self-registration off: the admins, as opers, make each account with
   * NickServ SAREGISTER &lt;name&gt; &lt;password&gt; and hand it over, which is the invitation.
   * Logging in, nick protection and ChanServ work the same in every mode.
   */
  private static Map<String, Object> accounts(Registration registration) {
    Map<String, Object> accounts = new LinkedHashMap<>();
    accounts.put("authentication-enabled", true);
    accounts.put("registration", OrderedMap.of(
        "enabled", registration == Registration.OPEN,
        "allow-before-connect", true,
        // for the whole server, not per address: at most 30 new accounts in 10 minutes
        "throttling", OrderedMap.of("enabled", true, "duration", "10m", "max-attempts", REGISTRATIONS_PER_WINDOW),
        // Ergo's own default for account passwords, which it hashes after a SHA-3 pass
        "bcrypt-cost", 4,
        "email-verification", Map.of("enabled", false)));
    // every login attempt on one connection counts (SASL, NickServ IDENTIFY, PASS): 3 a minute; a new
    // connection is counted by ip-limits' throttle instead (32 per address in 10 minutes)
    accounts.put("login-throttling", OrderedMap.of("enabled", true, "duration", LOGIN_WINDOW, "max-attempts", LOGIN_ATTEMPTS));
    accounts.put("skip-server-password", false);
    accounts.put("login-via-pass-command", true);
    accounts.put("require-sasl", Map.of("enabled", false));
    accounts.put("nick-reservation", OrderedMap.of(
        "enabled", true,
        "additional-nick-limit", 0,
        "method", "strict",
        "allow-custom-enforcement", false,
        "guest-nickname-format", "Guest-*",
        "force-guest-format", false,
        "force-nick-equals-account", true,
        "forbid-anonymous-nick-changes", false));
    accounts.put("multiclient", OrderedMap.of("enabled", true, "allowed-by-default", true, "always-on", "opt-in",
        "auto-away", "opt-in"));
    accounts.put("default-user-modes", "+i");
    return accounts;
  }

  private static Map<String, Object> channels() {
    return OrderedMap.of(
        "default-modes", "+nt",
        "max-channels-per-client", 100,
        "operator-only-creation", false,
        "registration", OrderedMap.of("enabled", true, "operator-only", false, "max-channels-per-account", 15),
        "list-delay", "0s",
        "invite-expiration", "24h");
  }

  private static Map<String, Object> operClasses() {
    Map<String, Object> classes = new LinkedHashMap<>();
    classes.put(MODERATOR_CLASS, OrderedMap.of("title", "Chat Moderator", "capabilities",
        List.of("kill", "ban", "nofakelag", "relaymsg", "vhosts", "sajoin", "samode", "snomasks")));
    // accreg: SAREGISTER accounts; chanreg: manage and purge any channel (CS PURGE)
    classes.put(ADMIN_CLASS, OrderedMap.of("title", "Server Admin", "extends", MODERATOR_CLASS, "capabilities",
        List.of("rehash", "accreg", "chanreg", "history", "defcon", "massmessage")));
    return classes;
  }

  private static Map<String, Object> opers(WestchatCommunitySpec spec, List<IrcOperator> opers) {
    String network = networkName(spec);
    Map<String, Object> config = new LinkedHashMap<>();
    for (IrcOperator oper : opers) {
      config.put(oper.name(), OrderedMap.of(
          "class", ADMIN_CLASS,
          "whois-line", oper.automation() ? "is the operator that runs " + network : "is an admin of " + network,
          "password", oper.passwordHash()));
    }
    return config;
  }

  private static Map<String, Object> limits() {
    return OrderedMap.of(
        "nicklen", 32,
        "identlen", 20,
        "channellen", 64,
        "awaylen", 390,
        "kicklen", 390,
        "topiclen", 390,
        "monitor-entries", 100,
        "whowas-entries", 100,
        "chan-list-modes", 60,
        "registration-messages", 1024,
        "multiline", OrderedMap.of("max-bytes", 4096, "max-lines", 100));
  }
}
