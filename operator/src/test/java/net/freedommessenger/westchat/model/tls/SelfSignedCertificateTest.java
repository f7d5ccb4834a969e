package net.freedommessenger.westchat.model.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.secrets.TlsKeyPair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The certificate the operator makes when no issuer or TLS Secret is named, and when it makes it again. */
class SelfSignedCertificateTest {

  static final Instant MADE = Instant.parse("2026-12-05T10:00:00Z");
  static final List<String> HOSTS = List.of("westchat.example.org", "conference.westchat.example.org",
      "upload.westchat.example.org", "irc.westchat.example.org");
  static WestchatCommunity minimal;
  static Secret made;

  @BeforeAll
  static void makeOne() {
    minimal = TestCommunities.minimalWith("");
    made = SelfSignedCertificate.secret(minimal, Map.of(), new RandomSecretGenerator(), MADE);
  }

  static X509Certificate certificate(Secret secret) {
    return SelfSignedCertificate.certificate(secret.getData()).orElseThrow();
  }

  static String decoded(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  void neededOnlyForAServerWithoutAnIssuerOrASecret() {
    assertTrue(SelfSignedCertificate.needed(minimal.getSpec()));
    assertEquals(List.of("Prosody", "Ergo"), SelfSignedCertificate.servers(minimal.getSpec()));
    assertFalse(SelfSignedCertificate.needed(TestCommunities.sample("full.yaml").getSpec()), "an issuer is named");
    assertFalse(SelfSignedCertificate.needed(TestCommunities.minimalWith(
        "xmpp: {tls: {secretName: x}}\nirc: {tls: {secretName: i}}").getSpec()), "both Secrets are named");
    var ircOnly = TestCommunities.minimalWith("xmpp: {tls: {secretName: x}}").getSpec();
    assertTrue(SelfSignedCertificate.needed(ircOnly));
    assertEquals(List.of("Ergo"), SelfSignedCertificate.servers(ircOnly));
    assertFalse(SelfSignedCertificate.needed(TestCommunities.minimalWith(
        "xmpp: {enabled: false}\nirc: {enabled: false}\nbridges: {matrixIrc: {enabled: false}, xmppIrc: {enabled: false}}")
        .getSpec()), "neither server runs");
  }

  @Test
  void aNewCertificateNamesEveryHostOfProsodyAndErgoAndIsValidForAYear() throws Exception {
    assertEquals("westchat-self-signed-tls", made.getMetadata().getName());
    assertEquals("chat", made.getMetadata().getNamespace());
    assertEquals("kubernetes.io/tls", made.getType());
    assertEquals("westchat", made.getMetadata().getLabels().get(CommunityLabels.INSTANCE));
    assertEquals(CommunityLabels.MANAGER, made.getMetadata().getLabels().get(CommunityLabels.MANAGED_BY));
    X509Certificate certificate = certificate(made);
    List<String> names = new ArrayList<>();
    certificate.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
    assertEquals(HOSTS, names);
    assertEquals(MADE.plus(SelfSignedCertificate.VALIDITY), certificate.getNotAfter().toInstant());
    assertTrue(certificate.getNotBefore().toInstant().isBefore(MADE), "valid already for clocks that lag");
    certificate.verify(certificate.getPublicKey());
    assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
    assertTrue(certificate.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
    assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
  }

  @Test
  void theKeyIsPkcs8PemAndBelongsToTheCertificate() throws Exception {
    String pem = decoded(made, SelfSignedCertificate.PRIVATE_KEY);
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n") && pem.endsWith("-----END PRIVATE KEY-----\n"), "PKCS#8");
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    Signature signing = Signature.getInstance("SHA256withECDSA");
    signing.initSign(key);
    signing.update(HOSTS.toString().getBytes(StandardCharsets.UTF_8));
    byte[] signature = signing.sign();
    Signature checking = Signature.getInstance("SHA256withECDSA");
    checking.initVerify(certificate(made).getPublicKey());
    checking.update(HOSTS.toString().getBytes(StandardCharsets.UTF_8));
    assertTrue(checking.verify(signature), "the key signs what the certificate's public key verifies");
    assertEquals(256, ((ECPublicKey) certificate(made).getPublicKey()).getParams().getCurve().getField().getFieldSize(), "P-256");
  }

  @Test
  void aCertificateStillGoodForTheHostsIsKeptAsItIs() {
    Instant later = MADE.plus(Duration.ofDays(300));
    Secret again = SelfSignedCertificate.secret(minimal, made.getData(), new RandomSecretGenerator(), later);
    assertEquals(made.getData(), again.getData());
  }

  @Test
  void oneThatExpiresWithinThirtyDaysIsMadeAgain() {
    Instant nearTheEnd = MADE.plus(SelfSignedCertificate.VALIDITY).minus(SelfSignedCertificate.RENEW_BEFORE).plusSeconds(60);
    Secret renewed = SelfSignedCertificate.secret(minimal, made.getData(), new RandomSecretGenerator(), nearTheEnd);
    assertNotEquals(made.getData().get(SelfSignedCertificate.CERTIFICATE), renewed.getData().get(SelfSignedCertificate.CERTIFICATE));
    assertNotEquals(made.getData().get(SelfSignedCertificate.PRIVATE_KEY), renewed.getData().get(SelfSignedCertificate.PRIVATE_KEY));
    assertEquals(nearTheEnd.plus(SelfSignedCertificate.VALIDITY), certificate(renewed).getNotAfter().toInstant());
  }

  @Test
  void oneForAnotherDomainIsMadeAgain() throws Exception {
    WestchatCommunity other = TestCommunities.minimalWith("");
    other.getSpec().domain = "chat.example.net";
    Secret renewed = SelfSignedCertificate.secret(other, made.getData(), new RandomSecretGenerator(), MADE.plusSeconds(60));
    assertTrue(certificate(renewed).getSubjectAlternativeNames().stream().anyMatch(n -> "irc.chat.example.net".equals(n.get(1))));
  }

  @Test
  void aMissingKeyOrAnUnreadableCertificateIsMadeAgain() {
    Map<String, String> noKey = new HashMap<>(made.getData());
    noKey.remove(SelfSignedCertificate.PRIVATE_KEY);
    assertFalse(SelfSignedCertificate.stillGood(noKey, HOSTS, MADE));
    Map<String, String> garbage = new HashMap<>(made.getData());
    garbage.put(SelfSignedCertificate.CERTIFICATE, Base64.getEncoder().encodeToString("not a certificate".getBytes(StandardCharsets.UTF_8)));
    assertFalse(SelfSignedCertificate.stillGood(garbage, HOSTS, MADE));
    assertFalse(SelfSignedCertificate.stillGood(Map.of(), HOSTS, MADE));
    assertTrue(SelfSignedCertificate.stillGood(made.getData(), HOSTS, MADE));
  }

  @Test
  void renderingShowsPlaceholdersWithoutDates() {
    Secret rendered = SelfSignedCertificate.secret(minimal, Map.of(), new PlaceholderSecretGenerator(), MADE);
    assertEquals("<self-signed certificate for " + String.join(", ", HOSTS) + ": made in the cluster>",
        decoded(rendered, SelfSignedCertificate.CERTIFICATE));
    assertEquals(rendered.getData(),
        SelfSignedCertificate.secret(minimal, Map.of(), new PlaceholderSecretGenerator(), MADE.plusSeconds(3600)).getData());
  }

  @Test
  void theEventSaysWhoUsesItUntilWhenAndWhatEndsTheWarningsButNothingOfTheKey() {
    String message = SelfSignedCertificate.eventMessage(minimal, made.getData(), false);
    for (String words : List.of("Prosody and Ergo", "irc.westchat.example.org", "westchat-self-signed-tls",
        "valid until 2027-12-05", "warn", "spec.expose.tls.issuerRef", "spec.xmpp.tls.secretName and spec.irc.tls.secretName")) {
      assertTrue(message.contains(words), words + " in " + message);
    }
    assertFalse(message.contains("PRIVATE"), message);
    assertTrue(SelfSignedCertificate.eventMessage(minimal, made.getData(), true).contains("new self-signed certificate"));
    assertFalse(new TlsKeyPair("cert", "secret key").toString().contains("secret key"));
  }
}
