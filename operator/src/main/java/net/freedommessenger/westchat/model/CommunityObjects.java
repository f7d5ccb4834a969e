package net.freedommessenger.westchat.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;

/**
 * Every object a community consists of, as a pure function of its spec (and of the secret values
 * that already exist). The reconciler's dependents and {@code westchat render} both use it.
 */
public final class CommunityObjects {

  private static final Comparator<HasMetadata> ORDER = Comparator.<HasMetadata, String>comparing(o -> o.getKind())
      .thenComparing(o -> o.getMetadata().getName());

  private CommunityObjects() {}

  public static List<HasMetadata> desired(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    List<HasMetadata> objects = new ArrayList<>(AccountSecrets.desired(community, existing, generator));
    objects.sort(ORDER);
    return objects;
  }
}
