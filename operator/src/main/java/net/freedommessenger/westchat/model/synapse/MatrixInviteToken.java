package net.freedommessenger.westchat.model.synapse;

import io.fabric8.kubernetes.api.model.Secret;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.KeptSecret;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretKeys;
import net.freedommessenger.westchat.model.secrets.SecretKind;

/**
 * The community's Matrix invitation: with registration: invite, Synapse asks every sign-up for a
 * registration token, and the operator makes one for the admins to hand out. Its value is
 * generated once and kept in a Secret of its own, so that the admins can be let read it without
 * reading Synapse's keys; the in-server steps create it in Synapse, with unlimited uses and no
 * expiry, when it is not there.
 *
 * <p>It has the shape of a password (24 letters and digits): people type it into their client, and
 * Synapse takes at most 64 characters of A-Z, a-z, 0-9, '.', '_', '~' and '-'.
 */
public final class MatrixInviteToken {

  public static final String TOKEN = "token";

  static final SecretKeys KEYS = new SecretKeys().with(TOKEN, SecretKind.PASSWORD);

  private MatrixInviteToken() {}

  /** Whether the community has the token: Matrix runs and sign-ups need an invitation. */
  public static boolean needed(WestchatCommunitySpec spec) {
    return spec.matrix.enabled && spec.registration == Registration.INVITE;
  }

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-matrix-invite-token";
  }

  public static Secret secret(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    return KeptSecret.build(name(community), community.getMetadata().getNamespace(),
        CommunityLabels.of(community, SynapseObjects.COMPONENT), KEYS, existing, generator);
  }
}
