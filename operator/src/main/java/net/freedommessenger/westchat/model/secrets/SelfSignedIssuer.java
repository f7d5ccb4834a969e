package net.freedommessenger.westchat.model.secrets;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a server certificate signed by its own key: ECDSA on P-256 with SHA-256 (which the TLS
 * stacks of today's XMPP and IRC clients and servers accept, and which takes a few milliseconds to
 * make where an RSA 2048 key took 150 to 250 ms of a reconcile's CPU), the names as subject alternative names, usable by a server and, for
 * Prosody's connections to other servers, by a client. The JDK signs but cannot build an X.509
 * certificate through a public API, so Bouncy Castle's builder assembles it; the signature is the
 * JDK's own.
 */
final class SelfSignedIssuer {

  private static final String CURVE = "secp256r1";

  private SelfSignedIssuer() {}

  static TlsKeyPair issue(List<String> names, Instant notBefore, Instant notAfter, SecureRandom random) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(CURVE), random);
      KeyPair keys = generator.generateKeyPair();
      var subject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.O, "Westchat community, self-signed")
          .addRDN(BCStyle.CN, names.get(0))
          .build();
      X509v3CertificateBuilder certificate = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, random).add(BigInteger.ONE),
          Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
      GeneralName[] alternativeNames = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
      certificate.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
      certificate.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      certificate.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      certificate.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      byte[] der = certificate.build(new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random).build(keys.getPrivate()))
          .getEncoded();
      return new TlsKeyPair(pem("CERTIFICATE", der), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make a self-signed certificate for " + names, e);
    }
  }

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
