package net.freedommessenger.westchat.model.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.secrets.TlsKeyPair;

/**
 * The certificate the operator makes itself when the spec names neither a cert-manager issuer
 * nor a TLS Secret for XMPP or IRC, so that Prosody and Ergo run with TLS from the start. Clients
 * warn about it, as nobody they trust signed it; it is a stand-in until spec.expose.tls names an
 * issuer or spec.xmpp.tls / spec.irc.tls a Secret.
 *
 * <p>One kubernetes.io/tls Secret for both servers, covering the domain and its conference.,
 * upload. and irc. names. Like every generated Secret it is kept: a certificate still valid for
 * the community's names is never made again, only one that expires within
 * {@link #RENEW_BEFORE} or does not name the domain's hosts (a community recreated under the same
 * name with another domain).
 */
public final class SelfSignedCertificate {

  public static final String COMPONENT = "self-signed-certificate";
  /** The reason of the XMPP and IRC conditions, and of the Event, while a server uses this certificate. */
  public static final String REASON = "SelfSignedCertificate";
  public static final String CERTIFICATE = "tls.crt";
  public static final String PRIVATE_KEY = "tls.key";
  /** How long a new certificate is valid. */
  public static final Duration VALIDITY = Duration.ofDays(365);
  /** A certificate that expires sooner than this is made again. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);
  /** A new certificate is valid from a little before now, for nodes whose clocks lag. */
  static final Duration BACKDATE = Duration.ofHours(1);

  private SelfSignedCertificate() {}

  public static String name(WestchatCommunity community) {
    return name(community.getMetadata().getName());
  }

  public static String name(String communityName) {
    return communityName + "-self-signed-tls";
  }

  /** Whether Prosody or Ergo runs without an issuer or a Secret named for it. */
  public static boolean needed(WestchatCommunitySpec spec) {
    return spec.xmpp.enabled && XmppCertificate.source(spec) == CertificateSource.SELF_SIGNED
        || spec.irc.enabled && IrcCertificate.source(spec) == CertificateSource.SELF_SIGNED;
  }

  /** The servers that use it: Prosody, Ergo, or both. */
  public static List<String> servers(WestchatCommunitySpec spec) {
    List<String> servers = new ArrayList<>();
    if (spec.xmpp.enabled && XmppCertificate.source(spec) == CertificateSource.SELF_SIGNED) {
      servers.add("Prosody");
    }
    if (spec.irc.enabled && IrcCertificate.source(spec) == CertificateSource.SELF_SIGNED) {
      servers.add("Ergo");
    }
    return servers;
  }

  /**
   * What ends the warnings: the issuer, or the Secret of each server that uses this certificate.
   * It reads on after "until".
   */
  public static String howToReplace(WestchatCommunitySpec spec) {
    List<String> fields = new ArrayList<>();
    if (spec.xmpp.enabled && XmppCertificate.source(spec) == CertificateSource.SELF_SIGNED) {
      fields.add("spec.xmpp.tls.secretName");
    }
    if (spec.irc.enabled && IrcCertificate.source(spec) == CertificateSource.SELF_SIGNED) {
      fields.add("spec.irc.tls.secretName");
    }
    return "spec.expose.tls.issuerRef names a cert-manager issuer, or " + String.join(" and ", fields)
        + (fields.size() > 1 ? " name kubernetes.io/tls Secrets" : " names a kubernetes.io/tls Secret");
  }

  /**
   * The Event for a certificate just made: which servers use it, for which names, until when, and
   * what ends the warnings. It carries no part of the key.
   *
   * @param data the new Secret's data
   * @param renewed whether it replaces a certificate that expired soon or named other hosts
   */
  public static String eventMessage(WestchatCommunity community, Map<String, String> data, boolean renewed) {
    WestchatCommunitySpec spec = community.getSpec();
    String until = certificate(data).map(c -> " valid until " + DateTimeFormatter.ISO_LOCAL_DATE.format(
        c.getNotAfter().toInstant().atZone(ZoneOffset.UTC))).orElse("");
    String made = renewed
        ? "The operator made a new self-signed certificate, as the one before expires within " + RENEW_BEFORE.toDays()
            + " days or did not name the community's hosts: "
        : "The operator made a self-signed certificate, as no issuer or TLS Secret is named: ";
    return made + String.join(" and ", servers(spec)) + " use it for " + String.join(", ", hosts(spec)) + " (Secret "
        + name(community) + "," + until + "). Clients warn about it, and XMPP servers that require valid certificates "
        + "do not federate, until " + howToReplace(spec) + ".";
  }

  /** The names the certificate covers: every name Prosody or Ergo serves, whichever parts are on. */
  public static List<String> hosts(WestchatCommunitySpec spec) {
    CommunityHosts hosts = new CommunityHosts(spec.domain);
    return List.of(spec.domain, hosts.conferenceHost(), hosts.uploadHost(), hosts.ircHost());
  }

  /**
   * The Secret: what it holds now while that is a certificate for the community's names that is
   * valid beyond {@link #RENEW_BEFORE} from now, else a new certificate and key.
   *
   * @param existing the Secret's current data (base64 values), empty when it does not exist
   */
  public static Secret secret(WestchatCommunity community, Map<String, String> existing, SecretGenerator generator,
      Instant now) {
    Map<String, String> data = new TreeMap<>();
    if (stillGood(existing, hosts(community.getSpec()), now)) {
      data.putAll(existing);
    } else {
      TlsKeyPair made = generator.selfSignedCertificate(hosts(community.getSpec()), now.minus(BACKDATE), now.plus(VALIDITY));
      data.put(CERTIFICATE, base64(made.certificate()));
      data.put(PRIVATE_KEY, base64(made.privateKey()));
    }
    return new SecretBuilder()
        .withNewMetadata()
          .withName(name(community))
          .withNamespace(community.getMetadata().getNamespace())
          .withLabels(CommunityLabels.of(community, COMPONENT))
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(data)
        .build();
  }

  /** Whether the data holds a key and a certificate for every one of the names, valid beyond {@link #RENEW_BEFORE}. */
  public static boolean stillGood(Map<String, String> data, List<String> names, Instant now) {
    if (data == null || blank(data.get(PRIVATE_KEY))) {
      return false;
    }
    Optional<X509Certificate> certificate = certificate(data);
    return certificate.isPresent()
        && certificate.get().getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
        && !certificate.get().getNotBefore().toInstant().isAfter(now)
        && dnsNames(certificate.get()).containsAll(names);
  }

  /** The certificate of a kubernetes.io/tls Secret's data, when it holds one that can be read. */
  public static Optional<X509Certificate> certificate(Map<String, String> data) {
    String value = data == null ? null : data.get(CERTIFICATE);
    if (blank(value)) {
      return Optional.empty();
    }
    try {
      byte[] pem = Base64.getDecoder().decode(value);
      return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem)));
    } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private static Set<String> dnsNames(X509Certificate certificate) {
    Set<String> names = new HashSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> name : alternatives) {
          // type 2 is dNSName
          if (Integer.valueOf(2).equals(name.get(0))) {
            names.add(String.valueOf(name.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
