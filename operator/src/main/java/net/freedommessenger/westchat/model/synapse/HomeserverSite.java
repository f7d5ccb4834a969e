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
 */
public record HomeserverSite(String bindAddress, int port, String publicBaseUrl, String configDir, String secretsDir,
    String mediaDir, List<String> appserviceFiles) {

  public static final int PORT = 8008;

  /** Inside the Synapse pod: ConfigMap, Secret and volume at fixed paths, listening on every address. */
  public static HomeserverSite inCluster(String publicBaseUrl, List<String> appserviceFiles) {
    return new HomeserverSite("0.0.0.0", PORT, publicBaseUrl, SynapseObjects.CONFIG_DIR, SynapseObjects.SECRETS_DIR,
        SynapseObjects.MEDIA_DIR, appserviceFiles);
  }
}
