package net.freedommessenger.westchat.model.prosody;

import io.fabric8.kubernetes.api.model.Secret;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.KeptSecret;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretKeys;
import net.freedommessenger.westchat.model.secrets.SecretKind;

/**
 * Prosody's own secret: the password the XMPP-IRC gateway (Biboumi) logs in to its component with.
 * Generated once; Prosody reads it from its environment and Biboumi will get the same value.
 */
public final class ProsodySecrets {

  public static final String COMPONENT_SECRET = "component_secret";

  static final SecretKeys KEYS = new SecretKeys().with(COMPONENT_SECRET, SecretKind.TOKEN);

  private ProsodySecrets() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-prosody";
  }

  public static Secret secret(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    return KeptSecret.build(name(community), community.getMetadata().getNamespace(),
        CommunityLabels.of(community, ProsodyObjects.COMPONENT), KEYS, existing, generator);
  }
}
