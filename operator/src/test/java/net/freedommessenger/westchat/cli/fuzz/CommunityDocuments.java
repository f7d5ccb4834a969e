package net.freedommessenger.westchat.cli.fuzz;

import static net.freedommessenger.westchat.cli.fuzz.JsonObjects.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * WestchatCommunity documents that look like what a person would write: every field of the api
 * classes, each set or left to its default, with values mostly of the right shape. Fields are
 * drawn independently, so wrong combinations (a bridge without its networks, duplicate admins,
 * a closed room that is not in spec.rooms) come up on their own.
 */
public final class CommunityDocuments {

  private CommunityDocuments() {}

  public static Arbitrary<JsonNode> document() {
    return object()
        // wrong apiVersion and kind come from HostileEdits; here they are right so the spec itself gets tested
        .always("apiVersion", Arbitraries.just(TextNode.valueOf("westchat.freedom-messenger.net/v1alpha1")))
        .always("kind", Arbitraries.just(TextNode.valueOf("WestchatCommunity")))
        .always("metadata", object().always("name", text(objectName())).sometimes("namespace", text(objectName())).build())
        .always("spec", spec())
        .build();
  }

  public static Arbitrary<JsonNode> spec() {
    return object()
        .always("domain", text(domain()))
        .always("admins", admin().list().ofMinSize(1).ofMaxSize(4).map(CommunityDocuments::array))
        .sometimes("registration", text(Arbitraries.of("open", "invite", "closed")))
        .sometimes("rules", text(prose(2000)))
        .sometimes("federation", object()
            .sometimes("enabled", bool(0.8))
            .sometimes("allow", domain().list().ofMaxSize(4).map(CommunityDocuments::texts))
            .build())
        .sometimes("matrix", matrix())
        .sometimes("xmpp", xmpp())
        .sometimes("irc", irc())
        .sometimes("bridges", bridges())
        .sometimes("rooms", room().list().ofMaxSize(6).map(CommunityDocuments::array))
        .sometimes("moderation", object().sometimes("closedRooms", closedRoom().list().ofMaxSize(3)
            .map(CommunityDocuments::array)).build())
        .sometimes("expose", object()
            .sometimes("ingressClassName", text(objectName()))
            .sometimes("tls", object().sometimes("issuerRef", object()
                .sometimes("kind", text(Arbitraries.of("Issuer", "ClusterIssuer")))
                .always("name", text(objectName())).build()).build())
            .build())
        .sometimes("networkPolicies", object().sometimes("enabled", bool(0.7)).build())
        .sometimes("dataRetention", text(Arbitraries.of("Retain", "Delete")))
        .sometimes("images", images())
        .build();
  }

  private static Arbitrary<JsonNode> matrix() {
    return object()
        .sometimes("enabled", bool(0.85))
        .sometimes("encryption", text(Arbitraries.of("optional", "required", "off")))
        .sometimes("database", Arbitraries.oneOf(
            object().sometimes("managed", object()
                .sometimes("storage", text(storage()))
                .sometimes("storageClassName", text(objectName()))
                .sometimes("resources", resources()).build()).build(),
            object().always("external", object().always("secretRef", object().always("name", text(objectName())).build())
                .build()).build()))
        .sometimes("media", volume())
        .sometimes("resources", resources())
        .build();
  }

  private static Arbitrary<JsonNode> xmpp() {
    return object()
        .sometimes("enabled", bool(0.85))
        .sometimes("uploads", object()
            .sometimes("storage", text(storage()))
            .sometimes("storageClassName", text(objectName()))
            .sometimes("maxFileSizeMiB", Arbitraries.integers().between(1, 10240).map(IntNode::valueOf))
            .build())
        .sometimes("serviceType", serviceType())
        .sometimes("tls", object().sometimes("secretName", text(objectName())).build())
        .sometimes("resources", resources())
        .build();
  }

  private static Arbitrary<JsonNode> irc() {
    return object()
        .sometimes("enabled", bool(0.85))
        .sometimes("networkName", text(Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
            .numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(32).filter(n -> Character.isLetterOrDigit(n.charAt(0)))))
        .sometimes("storage", volume())
        .sometimes("serviceType", serviceType())
        .sometimes("tls", object().sometimes("secretName", text(objectName())).build())
        .sometimes("resources", resources())
        .build();
  }

  private static Arbitrary<JsonNode> bridges() {
    return object()
        .sometimes("matrixIrc", object()
            .sometimes("enabled", bool(0.7))
            .sometimes("implementation", text(Arbitraries.of("heisenbridge", "appservice-irc")))
            .sometimes("resources", resources()).build())
        .sometimes("xmppIrc", object().sometimes("enabled", bool(0.7)).sometimes("resources", resources()).build())
        .sometimes("selfHealing", object()
            .sometimes("restartAfter", text(Arbitraries.integers().between(0, 999).flatMap(n ->
                Arbitraries.of("s", "m", "h").map(unit -> n + unit))))
            .sometimes("maxRestarts", Arbitraries.integers().between(0, 100).map(IntNode::valueOf))
            .build())
        .build();
  }

  private static Arbitrary<JsonNode> images() {
    JsonObjects images = object();
    for (String part : List.of("synapse", "postgres", "prosody", "ergo", "appserviceIrc", "heisenbridge", "biboumi")) {
      images.sometimes(part, text(image()));
    }
    return images.build();
  }

  private static Arbitrary<JsonNode> admin() {
    return object().always("name", text(accountName())).build();
  }

  private static Arbitrary<JsonNode> room() {
    return object().always("name", text(roomName())).sometimes("topic", text(prose(300))).build();
  }

  private static Arbitrary<JsonNode> closedRoom() {
    return Arbitraries.of("community", "matrix", "xmpp", "irc").flatMap(network -> object()
        .sometimes("network", Arbitraries.just(TextNode.valueOf(network)))
        .always("room", text(switch (network) {
          case "matrix" -> Arbitraries.of("#", "!").flatMap(sigil -> Arbitraries.strings().alpha().ofMinLength(1)
              .ofMaxLength(12).map(local -> sigil + local + ":example.org"));
          case "xmpp" -> roomName().map(local -> local + "@conference.example.org");
          case "irc" -> roomName().map(local -> "#" + local);
          default -> roomName();
        }))
        .always("reason", text(prose(500).filter(reason -> !reason.isEmpty())))
        .build());
  }

  private static Arbitrary<JsonNode> volume() {
    return object().sometimes("storage", text(storage())).sometimes("storageClassName", text(objectName())).build();
  }

  private static Arbitrary<JsonNode> resources() {
    Arbitrary<JsonNode> amounts = object()
        .sometimes("cpu", text(Arbitraries.oneOf(Arbitraries.integers().between(1, 4000).map(n -> n + "m"),
            Arbitraries.of("1", "0.5", "2"))))
        .sometimes("memory", text(storage()))
        .build();
    return object().sometimes("requests", amounts).sometimes("limits", amounts).build();
  }

  private static Arbitrary<JsonNode> serviceType() {
    return text(Arbitraries.of("ClusterIP", "LoadBalancer", "NodePort"));
  }

  /** Small pools, so that two admins or two rooms share a name now and then. */
  static Arbitrary<String> accountName() {
    return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("alice", "bob", "carol", "dave")),
        Tuple.of(1, Arbitraries.of("admin", "westchat", "nickserv")),
        Tuple.of(8, 
        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_').ofMinLength(0).ofMaxLength(31)
            .flatMap(rest -> Arbitraries.chars().range('a', 'z').map(first -> first + rest))));
  }

  static Arbitrary<String> roomName() {
    return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("general", "dev", "off-topic", "support")),
        Tuple.of(1, Arbitraries.just("welcome")),
        Tuple.of(8, 
        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(50)
            .filter(name -> Character.isLetterOrDigit(name.charAt(0)))));
  }

  static Arbitrary<String> domain() {
    Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-')
        .ofMinLength(1).ofMaxLength(63).filter(l -> l.charAt(0) != '-' && l.charAt(l.length() - 1) != '-');
    Arbitrary<String> tld = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(6);
    return Arbitraries.oneOf(Arbitraries.of("chat.example.org", "westchat.example.org", "example.org", "a.b.c.example.net"),
        label.list().ofMinSize(1).ofMaxSize(4).flatMap(labels -> tld.map(end -> String.join(".", labels) + "." + end)));
  }

  static Arbitrary<String> objectName() {
    return Arbitraries.oneOf(Arbitraries.of("westchat", "my-community", "a", "letsencrypt", "nginx"),
        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(63));
  }

  static Arbitrary<String> storage() {
    return Arbitraries.integers().between(0, 100000).flatMap(n ->
        Arbitraries.of("", "Ki", "Mi", "Gi", "Ti", "k", "M", "G", ".5Gi").map(unit -> n + unit));
  }

  static Arbitrary<String> image() {
    return Arbitraries.oneOf(Arbitraries.of("docker.io/matrixdotorg/synapse:v1.163.2", "registry.local:5000/ergo@sha256:"
            + "0".repeat(64), "busybox", "ghcr.io/x/y:latest"),
        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('.', '/', ':', '-', '@').ofMinLength(1).ofMaxLength(80));
  }

  /** Free text as people write it, with what could break a config file: quotes, newlines, braces, Lua and YAML syntax. */
  static Arbitrary<String> prose(int maxLength) {
    Arbitrary<String> pieces = Arbitraries.oneOf(
        Arbitraries.strings().alpha().numeric().withChars(' ', '.', ',').ofMaxLength(40),
        Arbitraries.of("\n", "\r\n", "\t", "\"", "'", "\\", "]]", "[[", "--", "{{ .x }}", "${HOME}", "%(name)s", "%s", "#",
            "key: value", "- item", "---", "...", "&a", "*a", "!!binary", "\u00e9t\u00e9", "\u202e", "\u200b", "\ud83d\ude00",
            "Gr\u00fc\u00dfe", "\u65e5\u672c", "<script>", "'); os.execute('x') --", "\u0000", "\u001b[31m"));
    return pieces.list().ofMaxSize(12).map(list -> String.join("", list))
        .map(text -> cut(text, maxLength));
  }

  /** At most maxLength chars, never half of a surrogate pair. */
  private static String cut(String text, int maxLength) {
    if (text.length() <= maxLength) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
    return text.substring(0, end);
  }

  private static Arbitrary<JsonNode> bool(double trueShare) {
    return Arbitraries.frequencyOf(Tuple.of((int) (trueShare * 100), Arbitraries.just(true)),
        Tuple.of((int) ((1 - trueShare) * 100), Arbitraries.just(false))).map(BooleanNode::valueOf);
  }

  private static Arbitrary<JsonNode> text(Arbitrary<String> value) {
    return value.map(TextNode::valueOf);
  }

  private static JsonNode array(List<JsonNode> items) {
    var array = JsonNodeFactory.instance.arrayNode();
    items.forEach(item -> array.add(item.deepCopy()));
    return array;
  }

  private static JsonNode texts(List<String> items) {
    var array = JsonNodeFactory.instance.arrayNode();
    items.forEach(array::add);
    return array;
  }
}
