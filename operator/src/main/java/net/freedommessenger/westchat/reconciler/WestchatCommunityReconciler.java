package net.freedommessenger.westchat.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.util.Objects;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.dependent.AccountSecretsDependent;
import net.freedommessenger.westchat.status.PartAssessment;
import net.freedommessenger.westchat.status.StatusAggregator;

/**
 * Reconciles a WestchatCommunity: the workflow applies one dependent per kind of object, then the
 * status is written, and only when it differs from what is stored.
 */
@Workflow(dependents = {
    @Dependent(name = "account-secrets", type = AccountSecretsDependent.class)
})
@ControllerConfiguration(name = "westchatcommunity")
public class WestchatCommunityReconciler implements Reconciler<WestchatCommunity> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;

  public WestchatCommunityReconciler() {
    this(Clock.systemUTC());
  }

  WestchatCommunityReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<WestchatCommunity> reconcile(WestchatCommunity community, Context<WestchatCommunity> context) {
    WestchatCommunityStatus status = StatusAggregator.aggregate(community,
        PartAssessment.fromSpec(community.getSpec()), clock.instant());
    if (sameStatus(community.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(statusPatch(community, status));
  }

  /** A failed reconcile is retried by the framework; meanwhile Ready says why, in the server's words. */
  @Override
  public ErrorStatusUpdateControl<WestchatCommunity> updateErrorStatus(WestchatCommunity community,
      Context<WestchatCommunity> context, Exception e) {
    WestchatCommunityStatus status = StatusAggregator.failed(community,
        PartAssessment.fromSpec(community.getSpec()), e, clock.instant());
    if (sameStatus(community.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(statusPatch(community, status));
  }

  /** Only name, namespace and status, so the patch claims no spec or metadata fields. */
  private static WestchatCommunity statusPatch(WestchatCommunity community, WestchatCommunityStatus status) {
    WestchatCommunity patch = new WestchatCommunity();
    patch.setMetadata(new ObjectMetaBuilder()
        .withName(community.getMetadata().getName())
        .withNamespace(community.getMetadata().getNamespace())
        .build());
    patch.setStatus(status);
    return patch;
  }

  static boolean sameStatus(WestchatCommunityStatus stored, WestchatCommunityStatus computed) {
    return stored != null && Objects.equals(JSON.valueToTree(stored), JSON.valueToTree(computed));
  }
}
