package net.freedommessenger.westchat.model.bridges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An application service registration, the file Synapse and a bridge share: a stable id, the two
 * tokens, and the user and alias namespaces the bridge owns exclusively.
 *
 * @param id stable for the life of the community: Synapse keys the bridge's state by it
 * @param url where Synapse sends the bridge its events
 * @param senderLocalpart the bridge's own Matrix user
 * @param userPrefix localpart prefix of the users the bridge puppets, such as "irc_"
 * @param aliasPrefix localpart prefix of the aliases it owns, or null for none
 */
public record BridgeRegistration(String id, String url, String asToken, String hsToken, String senderLocalpart,
    String domain, String userPrefix, String aliasPrefix, List<String> protocols) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  public String toYaml() {
    Map<String, Object> registration = new LinkedHashMap<>();
    registration.put("id", id);
    registration.put("url", url);
    registration.put("as_token", asToken);
    registration.put("hs_token", hsToken);
    registration.put("sender_localpart", senderLocalpart);
    registration.put("rate_limited", false);
    Map<String, Object> namespaces = new LinkedHashMap<>();
    namespaces.put("users", List.of(exclusive("@" + quote(userPrefix) + ".*:" + quote(domain))));
    namespaces.put("aliases", aliasPrefix == null ? List.of() : List.of(exclusive("#" + quote(aliasPrefix) + ".*:" + quote(domain))));
    namespaces.put("rooms", List.of());
    registration.put("namespaces", namespaces);
    registration.put("protocols", protocols);
    try {
      return YAML.writeValueAsString(registration);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a registration", e);
    }
  }

  private static Map<String, Object> exclusive(String regex) {
    Map<String, Object> namespace = new LinkedHashMap<>();
    namespace.put("exclusive", true);
    namespace.put("regex", regex);
    return namespace;
  }

  /** Namespaces are regular expressions: the dots of a domain must match only dots. */
  private static String quote(String literal) {
    return literal.replace(".", "\\.");
  }
}
