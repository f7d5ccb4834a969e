package net.freedommessenger.westchat.e2e.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.model.synapse.MatrixIngress;
import org.junit.jupiter.api.Test;

/** How the rendered Ingress becomes the test ingress's nginx.conf; no server runs. */
class LoopbackIngressTest {

  static Ingress ingress(String expose) throws Exception {
    return MatrixIngress.ingress(CommunityFile.parse("""
        apiVersion: westchat.freedom-messenger.net/v1alpha1
        kind: WestchatCommunity
        metadata: {name: west, namespace: chat}
        spec:
          domain: west.westchat.test
          admins: [{name: keeper}]
          %s
        """.formatted(expose)));
  }

  static final Map<String, Integer> PORTS = Map.of("west-synapse", 18008, "west-matrix-delegation", 18080);
  static final TestCertificateAuthority.Issued CERTIFICATE = new TestCertificateAuthority.Issued(
      Path.of("/t/west.crt"), Path.of("/t/west.key"), List.of("matrix.west.westchat.test", "west.westchat.test"));

  @Test
  void tlsHostsOn443WithTheCertificateAndPrefixPathsAsWholeElements() throws Exception {
    Set<InetSocketAddress> listeners = new LinkedHashSet<>();
    String config = LoopbackIngress.config(Path.of("/t/temp"), List.of(new LoopbackIngress.Site(
        ingress("expose: {tls: {issuerRef: {name: test-ca}}}"), "127.90.1.2", PORTS, CERTIFICATE)), listeners);
    assertEquals(Set.of(new InetSocketAddress("127.90.1.2", 443)), listeners);
    assertTrue(config.contains("listen 127.90.1.2:443 ssl;\n    server_name matrix.west.westchat.test;"), config);
    assertTrue(config.contains("ssl_certificate /t/west.crt;"), config);
    assertTrue(config.contains("location / {\n      proxy_pass http://127.0.0.1:18008;"), config);
    assertTrue(config.contains("location = /.well-known/matrix {\n      proxy_pass http://127.0.0.1:18080;"), config);
    assertTrue(config.contains("location /.well-known/matrix/ {\n      proxy_pass http://127.0.0.1:18080;"), config);
    String bareDomain = config.substring(config.indexOf("server_name west.westchat.test;"));
    assertTrue(bareDomain.contains("location / {\n      proxy_pass http://127.0.0.1:18080;"),
        "the bare domain sends / (the front page) to the delegation nginx: " + config);
    assertTrue(!config.contains("return 404;"), "every host of the Matrix Ingress has a / path: " + config);
  }

  @Test
  void withoutTlsTheHostsArePlainHttpOn80() throws Exception {
    Set<InetSocketAddress> listeners = new LinkedHashSet<>();
    String config = LoopbackIngress.config(Path.of("/t/temp"),
        List.of(new LoopbackIngress.Site(ingress(""), "127.90.1.2", PORTS, null)), listeners);
    assertEquals(Set.of(new InetSocketAddress("127.90.1.2", 80)), listeners);
    assertTrue(!config.contains("ssl"), config);
  }

  @Test
  void aServiceWithoutALoopbackPortIsAnError() throws Exception {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> LoopbackIngress.config(
        Path.of("/t/temp"), List.of(new LoopbackIngress.Site(ingress(""), "127.90.1.2", Map.of("west-synapse", 18008), null)),
        new LinkedHashSet<>()));
    assertTrue(error.getMessage().contains("west-matrix-delegation"), error.getMessage());
  }
}
