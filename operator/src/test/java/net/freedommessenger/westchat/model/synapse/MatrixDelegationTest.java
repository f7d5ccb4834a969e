package net.freedommessenger.westchat.model.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

class MatrixDelegationTest {

  @Test
  void filesSendServersAndClientsToTheMatrixHost() {
    var spec = TestCommunities.minimalWith("").getSpec();
    assertEquals("{\"m.server\":\"matrix.westchat.example.org:443\"}", MatrixDelegation.serverFile(spec));
    assertEquals("{\"m.homeserver\":{\"base_url\":\"https://matrix.westchat.example.org\"}}", MatrixDelegation.clientFile(spec));
  }

  @Test
  void nginxListensWhereItIsToldAndServesJson() {
    String config = MatrixDelegation.nginxConfig(TestCommunities.minimalWith("").getSpec(), "127.0.0.1:18080");
    assertTrue(config.contains("listen 127.0.0.1:18080;"), config);
    assertTrue(config.contains("default_type application/json;"), config);
    assertTrue(config.contains("pid /tmp/nginx.pid;"), "writable paths only in /tmp");
  }

  @Test
  void ingressSendsTheWellKnownPathToTheDelegationService() {
    Ingress ingress = MatrixIngress.ingress(TestCommunities.minimalWith(""));
    var wellKnown = ingress.getSpec().getRules().get(1).getHttp().getPaths().get(0);
    assertEquals("/.well-known/matrix", wellKnown.getPath());
    assertEquals("westchat-matrix-delegation", wellKnown.getBackend().getService().getName());
    assertEquals(8080, wellKnown.getBackend().getService().getPort().getNumber());
  }

  @Test
  void withTheWebChatNginxWaitsForProsodysNameBeforeItStartsAndWithoutXmppItStartsAtOnce() {
    String withXmpp = String.join(" ", MatrixDelegation.command(TestCommunities.minimalWith("")));
    assertTrue(withXmpp.startsWith("sh -c "), withXmpp);
    assertTrue(withXmpp.contains("getent hosts westchat-prosody >/dev/null"), withXmpp);
    assertTrue(withXmpp.endsWith("exec nginx -c /config/nginx.conf -g 'daemon off;'"), withXmpp);
    assertEquals(List.of("nginx", "-c", "/config/nginx.conf", "-g", "daemon off;"),
        MatrixDelegation.command(TestCommunities.minimalWith("xmpp: {enabled: false}\nbridges: {xmppIrc: {enabled: false}}")));
  }

  @Test
  void nginxRunsTheFrontDoorImageUnlessSpecImagesNamesAnother() {
    var byDefault = MatrixDelegation.deployment(TestCommunities.minimalWith("")).getSpec().getTemplate().getSpec();
    assertEquals(Images.FRONT_DOOR, byDefault.getContainers().get(0).getImage());
    var mirrored = MatrixDelegation.deployment(TestCommunities.minimalWith("images: {frontDoor: registry.example.org/westchat/frontdoor:1}"))
        .getSpec().getTemplate().getSpec();
    assertEquals("registry.example.org/westchat/frontdoor:1", mirrored.getContainers().get(0).getImage());
  }

  @Test
  void podMeetsTheRestrictedStandard() {
    var pod = MatrixDelegation.deployment(TestCommunities.minimalWith("")).getSpec().getTemplate().getSpec();
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertTrue(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());
  }
}
