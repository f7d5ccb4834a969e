package net.freedommessenger.westchat.reconciler;

import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.status.NetworkClosure;
import net.freedommessenger.westchat.model.moderation.ClosureTargets.Target;

/** Closing and reopening one room on one network, with the network's own admin means. */
interface RoomActions {

  /**
   * @return the room closed, with state {@link NetworkClosure#CLOSED}
   * @throws Exception with the server's answer in its message when the server refused or could not be reached
   */
  NetworkClosure close(WestchatCommunity community, Target target, String reason) throws Exception;

  /** @return what the server answered, for the Event */
  String reopen(WestchatCommunity community, NetworkClosure closed) throws Exception;
}
