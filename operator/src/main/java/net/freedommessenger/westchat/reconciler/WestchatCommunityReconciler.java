package net.freedommessenger.westchat.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import net.freedommessenger.westchat.api.WestchatCommunity;

/** Reconciles a WestchatCommunity into the servers and bridges of a community. */
@ControllerConfiguration(name = "westchatcommunity")
public class WestchatCommunityReconciler implements Reconciler<WestchatCommunity> {

  @Override
  public UpdateControl<WestchatCommunity> reconcile(WestchatCommunity community, Context<WestchatCommunity> context) {
    return UpdateControl.noUpdate();
  }
}
