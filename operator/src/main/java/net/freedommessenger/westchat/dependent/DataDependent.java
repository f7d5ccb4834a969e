package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import net.freedommessenger.westchat.api.WestchatCommunity;

/**
 * An object that holds a community's data (a Secret, a volume claim). It is neither a Deleter nor
 * garbage-collected by the framework, so the workflow never deletes it, not even when its part is
 * switched off; Kubernetes removes it with the community only under dataRetention: Delete.
 */
public abstract class DataDependent<R extends HasMetadata> extends KubernetesDependentResource<R, WestchatCommunity>
    implements Creator<R, WestchatCommunity>, Updater<R, WestchatCommunity>, SecondaryToPrimaryMapper<R> {

  protected DataDependent(Class<R> type) {
    super(type);
  }

  @Override
  protected void addReferenceHandlingMetadata(R desired, WestchatCommunity community) {
    DataRetentionPolicy.apply(desired, community);
  }

  @Override
  public Set<ResourceID> toPrimaryResourceIDs(R object) {
    return DataRetentionPolicy.owningCommunity(object);
  }
}
