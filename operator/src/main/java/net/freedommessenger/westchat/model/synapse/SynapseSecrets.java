package net.freedommessenger.westchat.model.synapse;

import io.fabric8.kubernetes.api.model.Secret;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.KeptSecret;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretKeys;
import net.freedommessenger.westchat.model.secrets.SecretKind;

/**
 * Synapse's own secrets, one file each. The signing key is the server's identity in federation:
 * if it changed, other servers would no longer trust this one, so it is generated once and kept.
 */
public final class SynapseSecrets {

  public static final String SIGNING_KEY = "signing.key";
  public static final String MACAROON_SECRET_KEY = "macaroon_secret_key";
  public static final String FORM_SECRET = "form_secret";
  public static final String REGISTRATION_SHARED_SECRET = "registration_shared_secret";

  static final SecretKeys KEYS = new SecretKeys()
      .with(SIGNING_KEY, SecretKind.MATRIX_SIGNING_KEY)
      .with(MACAROON_SECRET_KEY, SecretKind.TOKEN)
      .with(FORM_SECRET, SecretKind.TOKEN)
      .with(REGISTRATION_SHARED_SECRET, SecretKind.TOKEN);

  private SynapseSecrets() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-synapse";
  }

  public static Secret secret(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    return KeptSecret.build(name(community), community.getMetadata().getNamespace(),
        CommunityLabels.of(community, SynapseObjects.COMPONENT), KEYS, existing, generator);
  }
}
