package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;

/**
 * The account Secrets (each admin's, and the operator's own). Values already in the cluster are
 * read back and kept, so a password is generated once. A Secret whose admin left the spec is
 * kept, as the account on the servers is.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class AccountSecretsDependent extends DataDependent<Secret>
    implements BulkDependentResource<Secret, WestchatCommunity, String> {

  private final SecretGenerator generator = new RandomSecretGenerator();

  public AccountSecretsDependent() {
    super(Secret.class);
  }

  @Override
  public Map<String, Secret> desiredResources(WestchatCommunity community, Context<WestchatCommunity> context) {
    Map<String, Secret> existing = getSecondaryResources(community, context);
    return AccountSecrets.desired(community, name -> existing.containsKey(name) ? existing.get(name).getData() : Map.of(),
        generator).stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity()));
  }

  @Override
  public Map<String, Secret> getSecondaryResources(WestchatCommunity community, Context<WestchatCommunity> context) {
    return eventSource().orElseThrow().getSecondaryResources(community).stream()
        .filter(s -> AccountSecrets.COMPONENT.equals(s.getMetadata().getLabels().get(CommunityLabels.COMPONENT)))
        .filter(s -> community.getMetadata().getName().equals(s.getMetadata().getLabels().get(CommunityLabels.INSTANCE)))
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity()));
  }

  @Override
  public void deleteTargetResource(WestchatCommunity community, Secret secret, String name, Context<WestchatCommunity> context) {
    // Kept on purpose: the account stays on the servers, and so does the record of its first password.
  }
}
