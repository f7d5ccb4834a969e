package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;

/** Workflow preconditions for the optional parts. */
public final class Conditions {

  private Conditions() {}

  /** The Matrix part is enabled. */
  public static class MatrixEnabled implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().matrix.enabled;
    }
  }

  /** matrix-appservice-irc bridges Matrix and IRC. */
  public static class AppserviceIrcActive implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return ActiveBridges.appserviceIrc(community.getSpec());
    }
  }

  /** The operator runs PostgreSQL for Synapse (Matrix enabled, no external database). */
  public static class ManagedDatabase implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().matrix.enabled && community.getSpec().matrix.database.runsOwnServer();
    }
  }
}
