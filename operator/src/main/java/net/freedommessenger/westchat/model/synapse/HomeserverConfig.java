package net.freedommessenger.westchat.model.synapse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.model.OrderedMap;
import net.freedommessenger.westchat.model.rooms.CommunityRooms;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Encryption;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.api.spec.Registration;

/**
 * Synapse's homeserver.yaml for a community. It holds no secret: secrets are files named by the
 * *_path options, and the database password reaches libpq through the environment.
 */
public final class HomeserverConfig {

  public static final String FILE = "homeserver.yaml";
  public static final String LOG_CONFIG_FILE = "log.config";

  /** How many sign-ups or logins pass at once before the refill rate holds. */
  public static final int BURST = 5;
  /** One sign-up per address every 3 minutes after the burst. */
  public static final double REGISTRATION_PER_SECOND = 0.0056;
  /** One check of an invitation token per address a minute after the burst. */
  public static final double TOKEN_CHECK_PER_SECOND = 0.017;
  /** One login (per address, per account, and failed per account) every 5 minutes after the burst. */
  public static final double LOGIN_PER_SECOND = 0.0033;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private HomeserverConfig() {}

  public static String render(WestchatCommunitySpec spec, HomeserverSite site) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("server_name", spec.domain);
    config.put("public_baseurl", site.publicBaseUrl());
    // the delegation files come from MatrixDelegation: Synapse's own would name <domain>:443
    config.put("serve_server_wellknown", false);
    config.put("report_stats", false);
    config.put("listeners", List.of(listener(site, spec.federation.enabled)));
    config.put("database", OrderedMap.of("name", "psycopg2", "args", OrderedMap.of("cp_min", 2, "cp_max", 10)));
    config.put("media_store_path", site.mediaDir());
    config.put("max_upload_size", "100M");
    config.put("log_config", site.configDir() + "/" + LOG_CONFIG_FILE);
    config.put("signing_key_path", site.secretsDir() + "/" + SynapseSecrets.SIGNING_KEY);
    config.put("macaroon_secret_key_path", site.secretsDir() + "/" + SynapseSecrets.MACAROON_SECRET_KEY);
    config.put("form_secret_path", site.secretsDir() + "/" + SynapseSecrets.FORM_SECRET);
    config.put("registration_shared_secret_path", site.secretsDir() + "/" + SynapseSecrets.REGISTRATION_SHARED_SECRET);
    config.putAll(registration(spec.registration));
    config.putAll(rateLimits());
    config.putAll(federation(spec, site));
    config.put("encryption_enabled_by_default_for_room_type", encryption(spec.matrix.encryption));
    config.put("app_service_config_files", site.appserviceFiles());
    config.put("room_list_publication_rules", publicationRules(spec));
    if (CommunityRooms.hasWelcomeRoom(spec)) {
      // the operator creates the room with the rules as its topic; Synapse only joins newcomers to it
      config.put("auto_join_rooms", List.of(CommunityRooms.welcomeAlias(spec)));
      config.put("autocreate_auto_join_rooms", false);
      // invites, where Synapse thinks one is needed, come from the operator's account, which owns the room
      config.put("auto_join_mxid_localpart", Names.OPERATOR_ACCOUNT);
    }
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write homeserver.yaml", e);
    }
  }

  /** Plain logging to the console, where kubectl logs and the test launchers read it. */
  public static String logConfig() {
    return """
        version: 1
        formatters:
          plain:
            format: "%(asctime)s %(levelname)s %(name)s %(message)s"
        handlers:
          console:
            class: logging.StreamHandler
            formatter: plain
        loggers:
          synapse.storage.SQL:
            level: WARNING
        root:
          level: INFO
          handlers: [console]
        disable_existing_loggers: false
        """;
  }

  private static Map<String, Object> listener(HomeserverSite site, boolean federation) {
    Map<String, Object> listener = new LinkedHashMap<>();
    listener.put("port", site.port());
    listener.put("bind_addresses", List.of(site.bindAddress()));
    listener.put("type", "http");
    listener.put("tls", false);
    listener.put("x_forwarded", true);
    List<String> resources = federation ? List.of("client", "federation") : List.of("client");
    listener.put("resources", List.of(OrderedMap.of("names", resources, "compress", false)));
    return listener;
  }

  private static Map<String, Object> registration(Registration registration) {
    Map<String, Object> config = new LinkedHashMap<>();
    switch (registration) {
      case OPEN -> {
        config.put("enable_registration", true);
        // without e-mail or captcha, Synapse only allows open sign-up when told so explicitly
        config.put("enable_registration_without_verification", true);
      }
      case INVITE -> {
        config.put("enable_registration", true);
        config.put("registration_requires_token", true);
      }
      case CLOSED -> config.put("enable_registration", false);
    }
    return config;
  }

  /**
   * Limits on sign-ups and logins, per client address (Synapse takes it from X-Forwarded-For, which
   * the Ingress sets) and per account. Each is a bucket: a burst of {@value #BURST} at once, then one
   * more every so many seconds. Sign-ups: one every 3 minutes, which stops a script from filling the
   * server with accounts in open mode and still lets a group behind one address join within the hour.
   * Logins: one every 5 minutes (about Synapse's own default) for every attempt from an address and
   * for successful logins to an account, and the same, instead of Synapse's 10 a minute, for wrong
   * passwords to an account, so that a password is not found by trying. The admin API's shared-secret
   * registration (the operator's) is not counted; the in-server steps log in once per operator start.
   */
  private static Map<String, Object> rateLimits() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("rc_registration", bucket(REGISTRATION_PER_SECOND));
    // a person types an invitation token a few times; the token itself is 24 random characters
    config.put("rc_registration_token_validity", bucket(TOKEN_CHECK_PER_SECOND));
    config.put("rc_login", OrderedMap.of(
        "address", bucket(LOGIN_PER_SECOND),
        "account", bucket(LOGIN_PER_SECOND),
        "failed_attempts", bucket(LOGIN_PER_SECOND)));
    return config;
  }

  private static Map<String, Object> bucket(double perSecond) {
    return OrderedMap.of("per_second", perSecond, "burst_count", BURST);
  }

  private static Map<String, Object> federation(WestchatCommunitySpec spec, HomeserverSite site) {
    Map<String, Object> config = new LinkedHashMap<>();
    // Keys are fetched from each server itself: no third party learns whom the community talks to.
    config.put("trusted_key_servers", List.of());
    config.put("suppress_key_server_warning", true);
    // both only for sites that need them (a test CA, servers on loopback); the cluster sets neither
    if (!site.federationCaFiles().isEmpty()) {
      config.put("federation_custom_ca_list", site.federationCaFiles());
    }
    if (!site.outboundAllowedRanges().isEmpty()) {
      config.put("ip_range_whitelist", site.outboundAllowedRanges());
    }
    if (!spec.federation.enabled) {
      config.put("federation_domain_whitelist", List.of());
    } else if (!spec.federation.allow.isEmpty()) {
      List<String> allowed = new ArrayList<>();
      allowed.add(spec.domain);
      spec.federation.allow.stream().filter(d -> !d.equals(spec.domain)).sorted().forEach(allowed::add);
      config.put("federation_domain_whitelist", allowed);
    }
    return config;
  }

  /**
   * The community's rooms are listed in the room directory by the operator; admins may list rooms
   * too. Everyone else may not, as in Synapse's default (which denies even the operator).
   */
  private static List<Map<String, Object>> publicationRules(WestchatCommunitySpec spec) {
    List<Map<String, Object>> rules = new ArrayList<>();
    rules.add(OrderedMap.of("user_id", "@" + Names.OPERATOR_ACCOUNT + ":" + spec.domain, "action", "allow"));
    spec.admins.forEach(a -> rules.add(OrderedMap.of("user_id", "@" + a.name + ":" + spec.domain, "action", "allow")));
    rules.add(OrderedMap.of("action", "deny"));
    return rules;
  }

  private static String encryption(Encryption encryption) {
    return switch (encryption) {
      case OPTIONAL -> "invite";
      case REQUIRED -> "all";
      case OFF -> "off";
    };
  }
}
