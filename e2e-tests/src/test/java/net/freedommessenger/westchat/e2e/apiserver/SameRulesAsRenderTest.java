package net.freedommessenger.westchat.e2e.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import net.freedommessenger.westchat.api.validation.CommunitySchema;
import net.freedommessenger.westchat.api.validation.FieldError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Offline validation (westchat render) and the API server give the same field errors, because
 * both read the rules from the one CRD in crds/.
 */
@ExtendWith(ApiServerExtension.class)
class SameRulesAsRenderTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String NS = "same-rules";
  static int counter;

  @BeforeAll
  static void namespace(KubernetesClient client) {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{domain: Westchat_Example, admins: [{name: alice}]}",
      "{domain: a.example.org, admins: [{name: alice}, {name: alice}]}",
      "{domain: a.example.org, admins: [{name: al.ice}]}",
      "{domain: a.example.org, admins: [{name: nickserv}]}",
      "{domain: a.example.org, admins: [{name: a}], rooms: [{name: x}, {name: x}]}",
      "{domain: a.example.org, admins: [{name: a}], registration: everyone}",
      "{domain: a.example.org, admins: [{name: a}], matrix: {media: {storage: 10GB}}}",
      "{domain: a.example.org, admins: [{name: a}], matrix: {encryption: required}}",
      "{domain: a.example.org, admins: [{name: a}], irc: {enabled: false}, bridges: {xmppIrc: {enabled: false}}}",
      "{domain: a.example.org, admins: [{name: a}], federation: {enabled: false, allow: [b.example.org]}}",
      "{domain: a.example.org, admins: [{name: a}], matrix: {database: {managed: {}, external: {secretRef: {name: pg}}}}}",
      "{domain: a.example.org, admins: [{name: a}], moderation: {closedRooms: [{room: lobby, reason: spam}]}}",
      "{domain: a.example.org, admins: [{name: a}], moderation: {closedRooms: [{network: irc, room: lobby, reason: spam}]}}",
      "{domain: a.example.org, admins: [{name: a}], xmpp: {uploads: {maxFileSizeMiB: 100000}}}"
  })
  void theApiServerRefusesWhatRenderRefusesWithTheSameFieldError(String spec, KubernetesClient client) throws Exception {
    String name = "bad-" + (++counter);
    ObjectNode object = (ObjectNode) YAML.readTree("apiVersion: westchat.freedom-messenger.net/v1alpha1\n"
        + "kind: WestchatCommunity\nmetadata: {name: " + name + ", namespace: " + NS + "}\nspec: " + spec);
    List<FieldError> offline = CommunitySchema.bundled().defaultAndValidate(object.deepCopy(), null);
    assertEquals(1, offline.size(), "each case breaks one rule offline: " + offline);
    GenericKubernetesResource resource = YAML.treeToValue(object, GenericKubernetesResource.class);
    KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> client.resource(resource).create());
    assertEquals(422, refused.getCode(), refused.getMessage());
    assertTrue(refused.getMessage().contains(offline.get(0).toString()),
        "API server said: " + refused.getMessage() + "\nrender says: " + offline.get(0));
  }
}
