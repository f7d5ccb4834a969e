package net.freedommessenger.westchat.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CRD's defaults and rules, applied to the input people would write. */
class CommunitySchemaTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final CommunitySchema SCHEMA = CommunitySchema.bundled();
  static final String MINIMAL = "spec: {domain: westchat.example.org, admins: [{name: alice}]}";

  static ObjectNode object(String yaml) throws IOException {
    return (ObjectNode) YAML.readTree(yaml);
  }

  static List<String> errors(String yaml) throws IOException {
    return SCHEMA.defaultAndValidate(object(yaml), null).stream().map(FieldError::toString).toList();
  }

  @Test
  void minimalSpecIsValidAndGetsEveryDefault() throws IOException {
    ObjectNode object = object(MINIMAL);
    assertEquals(List.of(), SCHEMA.defaultAndValidate(object, null));
    JsonNode spec = object.get("spec");
    assertEquals("invite", spec.at("/registration").asText());
    assertEquals("Retain", spec.at("/dataRetention").asText());
    assertTrue(spec.at("/federation/enabled").asBoolean());
    assertEquals(0, spec.at("/federation/allow").size());
    assertTrue(spec.at("/matrix/enabled").asBoolean());
    assertEquals("optional", spec.at("/matrix/encryption").asText());
    assertEquals("10Gi", spec.at("/matrix/database/managed/storage").asText());
    assertEquals("20Gi", spec.at("/matrix/media/storage").asText());
    assertEquals("5Gi", spec.at("/xmpp/uploads/storage").asText());
    assertEquals("LoadBalancer", spec.at("/irc/serviceType").asText());
    assertEquals("heisenbridge", spec.at("/bridges/matrixIrc/implementation").asText());
    assertTrue(spec.at("/bridges/xmppIrc/enabled").asBoolean());
    assertEquals("5m", spec.at("/bridges/selfHealing/restartAfter").asText());
    assertEquals(0, spec.at("/moderation/closedRooms").size());
  }

  @Test
  void givenValuesAreNotReplacedByDefaults() throws IOException {
    ObjectNode object = object("spec: {domain: a.example.org, admins: [{name: alice}], registration: open, "
        + "matrix: {media: {storage: 1Ti}}}");
    assertEquals(List.of(), SCHEMA.defaultAndValidate(object, null));
    assertEquals("open", object.at("/spec/registration").asText());
    assertEquals("1Ti", object.at("/spec/matrix/media/storage").asText());
    assertEquals("10Gi", object.at("/spec/matrix/database/managed/storage").asText());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      domain not a DNS name       | {domain: Westchat_Example, admins: [{name: alice}]}                         | spec.domain: Invalid value: "string": must be a lowercase DNS name
      domain with one label        | {domain: localhost, admins: [{name: alice}]}                                | spec.domain: Invalid value: "string": must be a lowercase DNS name
      domain missing               | {admins: [{name: alice}]}                                                   | spec.domain: Required value
      no admin                     | {domain: a.example.org, admins: []}                                         | spec.admins: Invalid value: 0: spec.admins in body should have at least 1 items
      admin not valid on IRC       | {domain: a.example.org, admins: [{name: al.ice}]}                           | spec.admins[0].name: Invalid value: "string": must be 1-32 characters
      admin with upper case        | {domain: a.example.org, admins: [{name: Alice}]}                            | spec.admins[0].name: Invalid value: "string": must be 1-32 characters
      admin name reserved          | {domain: a.example.org, admins: [{name: nickserv}]}                         | spec.admins[0].name: Invalid value: "string": this name is reserved
      duplicate admins             | {domain: a.example.org, admins: [{name: alice}, {name: alice}]}             | spec.admins: Invalid value: "array": every admin name must be unique
      room not a channel name      | {domain: a.example.org, admins: [{name: a}], rooms: [{name: 'two words'}]}  | spec.rooms[0].name: Invalid value: "string": must be 1-50 characters
      duplicate rooms              | {domain: a.example.org, admins: [{name: a}], rooms: [{name: x}, {name: x}]} | spec.rooms: Invalid value: "array": every room name must be unique
      unknown registration         | {domain: a.example.org, admins: [{name: a}], registration: everyone}        | spec.registration: Unsupported value: "everyone": supported values: "closed", "invite", "open"
      unknown bridge               | {domain: a.example.org, admins: [{name: a}], bridges: {matrixIrc: {implementation: x}}} | spec.bridges.matrixIrc.implementation: Unsupported value: "x"
      bad storage quantity         | {domain: a.example.org, admins: [{name: a}], matrix: {media: {storage: 10GB}}} | spec.matrix.media.storage: Invalid value: "string": must be a storage size
      bad cpu quantity             | {domain: a.example.org, admins: [{name: a}], matrix: {resources: {limits: {cpu: lots}}}} | spec.matrix.resources.limits.cpu: Invalid value: "string": must be a CPU amount
      bad duration                 | {domain: a.example.org, admins: [{name: a}], bridges: {selfHealing: {restartAfter: soon}}} | spec.bridges.selfHealing.restartAfter: Invalid value: "string": must be a duration
      encryption with bridges      | {domain: a.example.org, admins: [{name: a}], matrix: {encryption: required}} | spec.matrix.encryption: Invalid value: "object": 'required' cannot be combined with spec.bridges.matrixIrc
      bridge without IRC           | {domain: a.example.org, admins: [{name: a}], irc: {enabled: false}, bridges: {xmppIrc: {enabled: false}}} | spec.bridges.matrixIrc.enabled: Invalid value: "object": the Matrix-IRC bridge needs spec.matrix and spec.irc enabled
      no network at all            | {domain: a.example.org, admins: [{name: a}], matrix: {enabled: false}, xmpp: {enabled: false}, irc: {enabled: false}, bridges: {matrixIrc: {enabled: false}, xmppIrc: {enabled: false}}} | spec: Invalid value: "object": at least one of spec.matrix, spec.xmpp and spec.irc must be enabled
      allow list without federation | {domain: a.example.org, admins: [{name: a}], federation: {enabled: false, allow: [b.example.org]}} | spec.federation.allow: Invalid value: "object": lists servers to federate with
      allow entry not a domain     | {domain: a.example.org, admins: [{name: a}], federation: {allow: ['http://x']}} | spec.federation.allow: Invalid value: "array": every entry must be a lowercase DNS name
      two databases                | {domain: a.example.org, admins: [{name: a}], matrix: {database: {managed: {}, external: {secretRef: {name: pg}}}}} | spec.matrix.database: Invalid value: "object": set either managed or external
      closed room not in rooms     | {domain: a.example.org, admins: [{name: a}], moderation: {closedRooms: [{room: lobby, reason: spam}]}} | spec.moderation.closedRooms: Invalid value: "object": an entry with network 'community' must name a room of spec.rooms
      closed IRC room not a channel | {domain: a.example.org, admins: [{name: a}], moderation: {closedRooms: [{network: irc, room: lobby, reason: spam}]}} | spec.moderation.closedRooms[0].room: Invalid value: "object": with network 'irc', room must be a channel
      closed room without reason   | {domain: a.example.org, admins: [{name: a}], moderation: {closedRooms: [{network: irc, room: '#x'}]}} | spec.moderation.closedRooms[0].reason: Required value
      unknown field                | {domain: a.example.org, admins: [{name: a}], matrx: {}}                       | spec.matrx: unknown field
      wrong type                   | {domain: a.example.org, admins: [{name: a}], federation: {enabled: 'yes'}}  | spec.federation.enabled: Invalid value: "string": spec.federation.enabled in body must be of type boolean
      too large upload limit       | {domain: a.example.org, admins: [{name: a}], xmpp: {uploads: {maxFileSizeMiB: 100000}}} | spec.xmpp.uploads.maxFileSizeMiB: Invalid value: 100000: spec.xmpp.uploads.maxFileSizeMiB in body should be less than or equal to 10240
      """)
  void badInputIsRefusedNamingTheField(String title, String spec, String expected) throws IOException {
    List<String> errors = errors("spec: " + spec);
    assertTrue(errors.stream().anyMatch(e -> e.startsWith(expected)), () -> "expected '" + expected + "' in " + errors);
  }

  @Test
  void domainCannotChangeOnUpdate() throws IOException {
    JsonNode stored = object(MINIMAL);
    List<String> errors = SCHEMA.defaultAndValidate(
        object("spec: {domain: other.example.org, admins: [{name: alice}]}"), stored).stream().map(FieldError::toString).toList();
    assertEquals(List.of("spec.domain: Invalid value: \"string\": cannot change: it is the Matrix server name and the XMPP domain, "
        + "and every account and room belongs to it"), errors);
    assertEquals(List.of(), SCHEMA.defaultAndValidate(object(MINIMAL), stored), "an unchanged domain passes");
  }

  @Test
  void missingSpecIsRefused() throws IOException {
    assertEquals(List.of("spec: Required value"), errors("metadata: {name: x}"));
  }
}
