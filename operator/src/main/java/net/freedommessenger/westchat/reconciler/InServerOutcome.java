package net.freedommessenger.westchat.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import net.freedommessenger.westchat.api.status.ClosedRoomStatus;
import net.freedommessenger.westchat.healing.BridgeHealer;
import net.freedommessenger.westchat.status.PartState;
import net.freedommessenger.westchat.status.RoomsObserved;

/**
 * What a run of the in-server steps found: the Matrix part as the admins' set-up left it, the
 * rooms on each network, what the bridge healer saw and did, what moderation did, and whether
 * something must be tried again.
 *
 * @param matrix the Matrix condition to report instead of the one judged from the workloads, if any
 * @param matrixAsked whether Synapse was asked at all (it was not while it did not run)
 * @param closedRooms what moderation reported, or empty when it did not run
 * @param matrixInviteToken whether Synapse was seen to have the invitation token of the community's Secret; empty
 *     when the token was not asked about (Synapse not running, admins not made, or no invitations)
 */
record InServerOutcome(Optional<PartState> matrix, boolean matrixAsked, RoomsObserved rooms, BridgeHealer.Outcome healing,
    Optional<List<ClosedRoomStatus>> closedRooms, boolean retry, Optional<Boolean> matrixInviteToken) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Before any run: nothing asked, nothing known. */
  static final InServerOutcome NOT_YET = new InServerOutcome(Optional.empty(), false, RoomsObserved.none(),
      new BridgeHealer.Outcome(Optional.empty(), Optional.empty()), Optional.empty(), false, Optional.empty());

  static InServerOutcome failed() {
    return NOT_YET.withRetry();
  }

  InServerOutcome withRetry() {
    return new InServerOutcome(matrix, matrixAsked, rooms, healing, closedRooms, true, matrixInviteToken);
  }

  /** Same as far as the status tells (when the healer wants to look again is not part of it). */
  boolean sameAs(InServerOutcome other) {
    return matrix.equals(other.matrix) && matrixAsked == other.matrixAsked && rooms.equals(other.rooms)
        && healing.bridges().equals(other.healing.bridges()) && retry == other.retry
        && matrixInviteToken.equals(other.matrixInviteToken)
        && JSON.valueToTree(closedRooms.orElse(null)).equals(JSON.valueToTree(other.closedRooms.orElse(null)));
  }
}
