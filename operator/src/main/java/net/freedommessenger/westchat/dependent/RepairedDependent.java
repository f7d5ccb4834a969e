package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.healing.DriftRepair;

/**
 * A bridge object the operator puts back when it is deleted or edited by hand, with an Event that
 * says so (DriftRepair tells a repair from the object's first creation or a spec change).
 */
abstract class RepairedDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, WestchatCommunity> {

  RepairedDependent(Class<R> type) {
    super(type);
  }

  @Override
  public R create(R desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.recreating(community, desired, context.getClient());
    return super.create(desired, community, context);
  }

  @Override
  public R update(R actual, R desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.restoring(community, desired, context.getClient());
    return super.update(actual, desired, community, context);
  }
}
