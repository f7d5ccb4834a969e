package net.freedommessenger.westchat.model.synapse;

import java.util.List;

/**
 * Where one Synapse runs: its listener and the files it reads. The cluster and the interop tests
 * differ only here, so both get their homeserver.yaml from the same renderer.
 *
 * @param bindAddress address the HTTP listener binds to
 * @param port port of the HTTP listener (client and federation)
 * @param publicBaseUrl URL clients and other servers use, ending in a slash
 * @param configDir where homeserver.yaml and log.config are
 * @param secretsDir where the signing key and the secret key files are
 * @param mediaDir the media store
 * @param appserviceFiles registration files of the bridges Synapse must load
 * @param federationCaFiles PEM files of the only certificate authorities Synapse trusts for the TLS
 *     of other homeservers; empty means the system's trust store. For test sites whose servers
 *     carry certificates of a test CA; the cluster leaves it empty.
 * @param outboundAllowedRanges CIDR ranges Synapse may send requests to although its default block
 *     list (private, loopback and link-local addresses) covers them; empty means none. For test
 *     sites whose other homeservers live on loopback; the cluster leaves it empty.
 */
public record HomeserverSite(String bindAddress, int port, String publicBaseUrl, String configDir, String secretsDir,
    String mediaDir, List<String> appserviceFiles, List<String> federationCaFiles, List<String> outboundAllowedRanges) {

  public static final int PORT = 8008;

  public HomeserverSite {
    federationCaFiles = federationCaFiles == null ? List.of() : List.copyOf(federationCaFiles);
    outboundAllowedRanges = outboundAllowedRanges == null ? List.of() : List.copyOf(outboundAllowedRanges);
  }

  /** A site that trusts the system's certificate authorities and reaches no blocked address. */
  public HomeserverSite(String bindAddress, int port, String publicBaseUrl, String configDir, String secretsDir,
      String mediaDir, List<String> appserviceFiles) {
    this(bindAddress, port, publicBaseUrl, configDir, secretsDir, mediaDir, appserviceFiles, List.of(), List.of());
  }

  /** Inside the Synapse pod: ConfigMap, Secret and volume at fixed paths, listening on every address. */
  public static HomeserverSite inCluster(String publicBaseUrl, List<String> appserviceFiles) {
    return new HomeserverSite("0.0.0.0", PORT, publicBaseUrl, SynapseObjects.CONFIG_DIR, SynapseObjects.SECRETS_DIR,
        SynapseObjects.MEDIA_DIR, appserviceFiles);
  }

  /** This site, trusting only the given CA files for federation and allowed to reach the given ranges. */
  public HomeserverSite withFederationTrust(List<String> caFiles, List<String> allowedRanges) {
    return new HomeserverSite(bindAddress, port, publicBaseUrl, configDir, secretsDir, mediaDir, appserviceFiles,
        caFiles, allowedRanges);
  }
}
