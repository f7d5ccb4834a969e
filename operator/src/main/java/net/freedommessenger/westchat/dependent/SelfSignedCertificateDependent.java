package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.tls.SelfSignedCertificate;

/**
 * The self-signed certificate of Prosody and Ergo while the spec names no issuer and no TLS
 * Secret. Kept like every generated Secret: read back from the informer and made again only when
 * it is no longer good for the community's names. Each new certificate is told once, in a Warning
 * Event, as clients will warn about it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class SelfSignedCertificateDependent extends DataDependent<Secret> {

  private final SecretGenerator generator = new RandomSecretGenerator();
  private final Clock clock = Clock.systemUTC();

  public SelfSignedCertificateDependent() {
    super(Secret.class);
  }

  /** From this dependent's informer cache, like the other kept Secrets (see KeptSecretDependent). */
  @Override
  protected Secret desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    String name = SelfSignedCertificate.name(community);
    Map<String, String> existing = eventSource().orElseThrow().get(new ResourceID(name, community.getMetadata().getNamespace()))
        .map(Secret::getData).filter(Objects::nonNull).orElse(Map.of());
    return SelfSignedCertificate.secret(community, existing, generator, clock.instant());
  }

  @Override
  protected ResourceID targetSecondaryResourceID(WestchatCommunity community, Context<WestchatCommunity> context) {
    return new ResourceID(SelfSignedCertificate.name(community), community.getMetadata().getNamespace());
  }

  @Override
  public Secret create(Secret desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    Secret created = super.create(desired, community, context);
    warn(community, desired, context, false);
    return created;
  }

  @Override
  public Secret update(Secret actual, Secret desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    Secret updated = super.update(actual, desired, community, context);
    String before = actual.getData() == null ? null : actual.getData().get(SelfSignedCertificate.CERTIFICATE);
    if (!Objects.equals(before, desired.getData().get(SelfSignedCertificate.CERTIFICATE))) {
      warn(community, desired, context, true);
    }
    return updated;
  }

  private void warn(WestchatCommunity community, Secret secret, Context<WestchatCommunity> context, boolean renewed) {
    new CommunityEvents(context.getClient(), clock).warning(community, SelfSignedCertificate.REASON,
        SelfSignedCertificate.eventMessage(community, secret.getData(), renewed));
  }
}
