package net.freedommessenger.westchat.model.prosody;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.InClusterAddresses;
import net.freedommessenger.westchat.model.frontdoor.WebChat;

/**
 * Prosody's prosody.cfg.lua for a community: the VirtualHost &lt;domain&gt;, group chats at
 * conference.&lt;domain&gt;, file sharing at upload.&lt;domain&gt; and, with the XMPP-IRC bridge,
 * the component irc.&lt;domain&gt; that Biboumi logs in to.
 *
 * <p>It holds no secret. The component secret is read from the environment variable
 * {@value #GATEWAY_SECRET_VARIABLE} when Prosody loads the file (Prosody's config reads
 * {@code ENV_<NAME>} as the variable NAME); TLS keys are files named by path.
 */
public final class ProsodyConfig {

  public static final String FILE = "prosody.cfg.lua";
  /** The environment variable that holds the IRC gateway's component secret. */
  public static final String GATEWAY_SECRET_VARIABLE = "IRC_GATEWAY_SECRET";
  /** Share of the data volume that shared files may fill; the rest is for accounts, rooms and archives. */
  static final BigDecimal UPLOAD_SHARE_OF_VOLUME = new BigDecimal("0.8");
  static final long MIB = 1024L * 1024L;

  private ProsodyConfig() {}

  public static String render(WestchatCommunitySpec spec, ProsodySite site) {
    StringBuilder lua = new StringBuilder();
    lua.append("-- Prosody config of ").append(spec.domain).append(", rendered by the Westchat operator from the community's spec.\n")
        .append("-- It holds no secret: the IRC gateway's component secret comes from the environment.\n\n");
    lua.append("data_path = ").append(LuaText.string(site.dataDir())).append('\n');
    if (federationAllowList(spec)) {
      lua.append("plugin_paths = ").append(LuaText.strings(List.of(site.configDir()))).append('\n');
    }
    lua.append("log = { { levels = { min = \"info\" }, to = \"console\" } }\n\n");
    listeners(lua, spec, site);
    encryption(lua, site);
    accountsAndModules(lua, spec);
    hosts(lua, spec, site);
    return lua.toString();
  }

  private static void listeners(StringBuilder lua, WestchatCommunitySpec spec, ProsodySite site) {
    lua.append("-- where Prosody listens\n");
    lua.append("interfaces = ").append(LuaText.strings(List.of(site.bindAddress()))).append('\n');
    lua.append("local_interfaces = { \"127.0.0.1\" }\n");
    lua.append("c2s_ports = ").append(LuaText.numbers(List.of(site.clientPort()))).append('\n');
    lua.append("s2s_ports = ").append(LuaText.numbers(spec.federation.enabled ? List.of(site.serverPort()) : List.of()))
        .append('\n');
    if (ircGateway(spec)) {
      lua.append("component_ports = ").append(LuaText.numbers(List.of(site.componentPort()))).append('\n');
    }
    lua.append("http_ports = ").append(LuaText.numbers(List.of(site.httpPort()))).append('\n');
    lua.append("http_interfaces = ").append(LuaText.strings(List.of(site.bindAddress()))).append('\n');
    lua.append("https_ports = { }\n");
    lua.append("http_default_host = ").append(LuaText.string(new CommunityHosts(spec.domain).uploadHost())).append("\n\n");
  }

  private static void encryption(StringBuilder lua, ProsodySite site) {
    lua.append("-- encryption everywhere; other servers must prove who they are with a valid certificate\n");
    lua.append("ssl = {\n")
        .append("  certificate = ").append(LuaText.string(site.certificateFile())).append(";\n")
        .append("  key = ").append(LuaText.string(site.keyFile())).append(";\n");
    if (site.trustedCertificates() != null) {
      lua.append("  cafile = ").append(LuaText.string(site.trustedCertificates())).append(";\n");
    }
    lua.append("}\n");
    // Prosody also looks for certificates named after its hosts in this folder; there are none, but it must exist
    lua.append("certificates = ").append(LuaText.string(parent(site.certificateFile()))).append('\n');
    lua.append("c2s_require_encryption = true\n");
    lua.append("s2s_require_encryption = true\n");
    lua.append("s2s_secure_auth = true\n");
    if (site.dnsServer() != null) {
      lua.append("unbound = { forward = ").append(LuaText.string(site.dnsServer()))
          .append("; resolvconf = false; hoststxt = false }\n");
    }
    lua.append('\n');
  }

  private static void accountsAndModules(StringBuilder lua, WestchatCommunitySpec spec) {
    lua.append("authentication = \"internal_hashed\"\n");
    lua.append("storage = \"internal\"\n");
    lua.append("admins = ").append(LuaText.strings(admins(spec))).append("\n\n");
    lua.append("modules_enabled = {\n");
    for (String module : modules(spec)) {
      lua.append("  ").append(LuaText.string(module)).append(";\n");
    }
    lua.append("}\n");
    lua.append("-- the web chat's WebSocket comes as plain HTTP from the delegation nginx: TLS ended at the Ingress\n");
    lua.append("consider_websocket_secure = true\n");
    if (!spec.federation.enabled) {
      lua.append("-- federation is off: no server-to-server connections at all\n");
      lua.append("modules_disabled = { \"s2s\" }\n");
    }
    lua.append(registration(spec.registration));
    rateLimits(lua);
    if (federationAllowList(spec)) {
      lua.append("-- servers this one federates with, and their subdomains (mod_").append(FederationAllowList.MODULE).append(")\n");
      lua.append(FederationAllowList.OPTION).append(" = ").append(LuaText.strings(federationAllowed(spec))).append('\n');
    }
    lua.append('\n');
  }

  private static void hosts(StringBuilder lua, WestchatCommunitySpec spec, ProsodySite site) {
    CommunityHosts hosts = new CommunityHosts(spec.domain);
    lua.append("VirtualHost ").append(LuaText.string(spec.domain)).append('\n');
    if (spec.rules != null && !spec.rules.isBlank()) {
      lua.append("  -- the house rules, sent to every new account (mod_welcome)\n");
      lua.append("  welcome_message = ").append(LuaText.string(spec.rules)).append('\n');
    }
    lua.append('\n');
    if (WebChat.guestsWelcome(spec)) {
      lua.append("-- guests of the web chat: no account, no password, nothing stored, no federation (mod_auth_anonymous)\n");
      lua.append("VirtualHost ").append(LuaText.string(hosts.guestHost())).append('\n');
      lua.append("  authentication = \"anonymous\"\n\n");
    }

    lua.append("Component ").append(LuaText.string(hosts.conferenceHost())).append(" \"muc\"\n");
    lua.append("  restrict_room_creation = \"local\"\n");
    lua.append("  modules_enabled = ").append(LuaText.strings(componentModules(spec, "muc_mam"))).append("\n\n");

    lua.append("Component ").append(LuaText.string(hosts.uploadHost())).append(" \"http_file_share\"\n");
    lua.append("  http_external_url = ").append(LuaText.string(site.uploadBaseUrl())).append('\n');
    lua.append("  http_file_share_size_limit = ").append(fileSizeLimit(spec))
        .append(" -- ").append(spec.xmpp.uploads.maxFileSizeMiB).append(" MiB\n");
    lua.append("  http_file_share_global_quota = ").append(uploadQuota(spec))
        .append(" -- ").append(UPLOAD_SHARE_OF_VOLUME.movePointRight(2).intValue()).append("% of the ")
        .append(spec.xmpp.uploads.storage).append(" volume\n");
    if (federationAllowList(spec)) {
      lua.append("  modules_enabled = ").append(LuaText.strings(componentModules(spec))).append('\n');
    }
    if (ircGateway(spec)) {
      lua.append('\n');
      lua.append("-- the XMPP-IRC gateway (Biboumi) logs in here with the secret from the environment\n");
      lua.append("Component ").append(LuaText.string(hosts.ircHost())).append('\n');
      lua.append("  component_secret = ENV_").append(GATEWAY_SECRET_VARIABLE).append('\n');
      if (federationAllowList(spec)) {
        lua.append("  modules_enabled = ").append(LuaText.strings(componentModules(spec))).append('\n');
      }
    }
  }

  /** Sign-ups per client address: a burst of this many at once... */
  public static final int REGISTRATION_BURST = 5;
  /** ...refilled at that many per this period: one every 3 minutes, as on Matrix. */
  public static final int REGISTRATION_PERIOD_SECONDS = 900;
  /** Bytes per second a client may send (mod_limits), with a burst of {@value #CLIENT_BURST_SECONDS} s. */
  public static final String CLIENT_RATE = "10kb/s";
  static final int CLIENT_BURST_SECONDS = 2;

  /**
   * Sign-ups (mod_register_limits, which in-band registration loads, with or without an invitation)
   * are counted per client address; loopback, where only the pod itself connects from, is not.
   * The web chat's WebSocket comes through the Ingress and the delegation nginx, which name the
   * client in X-Forwarded-For: with them trusted as proxies, each web visitor counts as their own
   * address instead of all of them as the nginx's. mod_limits caps what a client may send per
   * second, which slows a flood and password guessing on one connection; Prosody 0.12 itself has no
   * count of failed logins (that is mod_limit_auth, a community module Debian ships apart).
   */
  private static void rateLimits(StringBuilder lua) {
    lua.append("-- sign-ups per client address: ").append(REGISTRATION_BURST).append(" at once, then one every ")
        .append(REGISTRATION_PERIOD_SECONDS / REGISTRATION_BURST / 60).append(" minutes (mod_register_limits)\n");
    lua.append("registration_throttle_max = ").append(REGISTRATION_BURST).append('\n');
    lua.append("registration_throttle_period = ").append(REGISTRATION_PERIOD_SECONDS).append('\n');
    lua.append("registration_allowlist = { \"127.0.0.1\", \"::1\" }\n");
    lua.append("-- the web chat arrives through the Ingress and the delegation nginx, which name the client\n");
    lua.append("trusted_proxies = ").append(LuaText.strings(InClusterAddresses.RANGES)).append('\n');
    lua.append("-- what each client may send per second (mod_limits)\n");
    lua.append("limits = {\n")
        .append("  c2s = { rate = ").append(LuaText.string(CLIENT_RATE)).append("; burst = \"")
        .append(CLIENT_BURST_SECONDS).append("s\" };\n")
        .append("}\n");
  }

  /** Whether Prosody has the component irc.&lt;domain&gt; for Biboumi. */
  public static boolean ircGateway(WestchatCommunitySpec spec) {
    return spec.bridges.xmppIrc.enabled && spec.irc.enabled;
  }

  /** Whether federation is limited to spec.federation.allow, through the operator's own module. */
  public static boolean federationAllowList(WestchatCommunitySpec spec) {
    return spec.federation.enabled && !spec.federation.allow.isEmpty();
  }

  /** Every admin of the spec, then the operator's own account. */
  static List<String> admins(WestchatCommunitySpec spec) {
    List<String> admins = new ArrayList<>();
    for (Admin admin : spec.admins) {
      admins.add(admin.name + "@" + spec.domain);
    }
    admins.add(Names.OPERATOR_ACCOUNT + "@" + spec.domain);
    return admins;
  }

  static long fileSizeLimit(WestchatCommunitySpec spec) {
    return spec.xmpp.uploads.maxFileSizeMiB * MIB;
  }

  static long uploadQuota(WestchatCommunitySpec spec) {
    BigDecimal volume = Quantity.getAmountInBytes(new Quantity(spec.xmpp.uploads.storage));
    return volume.multiply(UPLOAD_SHARE_OF_VOLUME).longValue();
  }

  private static String parent(String file) {
    int slash = file.lastIndexOf('/');
    return slash > 0 ? file.substring(0, slash) : ".";
  }

  private static List<String> federationAllowed(WestchatCommunitySpec spec) {
    return List.copyOf(new TreeSet<>(spec.federation.allow));
  }

  private static List<String> modules(WestchatCommunitySpec spec) {
    List<String> modules = new ArrayList<>(List.of("roster", "saslauth", "tls", "disco", "blocklist", "bookmarks",
        "carbons", "pep", "private", "smacks", "vcard4", "vcard_legacy", "mam", "csi_simple", "ping", "time", "uptime",
        "admin_adhoc", "admin_shell", "register", "websocket", "limits"));
    if (spec.federation.enabled) {
      modules.add("dialback");
    }
    if (spec.registration == Registration.INVITE) {
      modules.addAll(List.of("invites", "invites_adhoc", "invites_register"));
    }
    if (spec.rules != null && !spec.rules.isBlank()) {
      modules.add("welcome");
    }
    if (federationAllowList(spec)) {
      modules.add(FederationAllowList.MODULE);
    }
    return modules;
  }

  /** A component's own modules: the given ones, and the allow list, which each host must load for itself. */
  private static List<String> componentModules(WestchatCommunitySpec spec, String... own) {
    List<String> modules = new ArrayList<>(List.of(own));
    if (federationAllowList(spec)) {
      modules.add(FederationAllowList.MODULE);
    }
    return modules;
  }

  /**
   * open: anyone signs up from a client (in-band registration); invite: only with an invitation an
   * admin or user made (mod_invites); closed: nobody, accounts come from admins. mod_register is
   * loaded in every mode, as it also lets users change their password.
   */
  private static String registration(Registration registration) {
    return switch (registration) {
      case OPEN -> "allow_registration = true\n";
      case INVITE -> "allow_registration = true\nregistration_invite_only = true\n";
      case CLOSED -> "allow_registration = false\n";
    };
  }
}
