package net.freedommessenger.westchat.reconciler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.bridging.HeisenbridgeRelay;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.matrix.MatrixAccount;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.matrix.SynapseLocator;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.status.RoomProgress;

/**
 * Has Heisenbridge relay each room of spec.rooms between its Matrix room and its IRC channel,
 * once both exist and the bridge runs. Heisenbridge reaches Ergo where the operator does (its
 * Service in the cluster). What was relayed is remembered; a room that failed is tried again.
 */
final class RelaySync {

  private final SynapseLocator locator;
  private final MatrixTokens tokens;
  private final Map<String, Map<String, RoomProgress>> done = new ConcurrentHashMap<>();

  RelaySync(SynapseLocator locator, MatrixTokens tokens) {
    this.locator = locator;
    this.tokens = tokens;
  }

  /** @param rooms the rooms whose Matrix room and IRC channel work; @return each one's relay by room name */
  Map<String, RoomProgress> sync(WestchatCommunity community, List<Room> rooms, MatrixAccount operator,
      ChatServers.Address ergo, CommunityEvents events) {
    String key = community.getMetadata().getUid() + "/" + rooms.stream().map(r -> r.name).toList() + "/" + ergo;
    Map<String, RoomProgress> earlier = done.get(key);
    if (earlier != null) {
      return earlier;
    }
    SynapseAdminApi api = new SynapseAdminApi(locator.baseUrl(community));
    CommunityHosts hosts = new CommunityHosts(community.getSpec().domain);
    Map<String, RoomProgress> progress = new LinkedHashMap<>();
    for (Room room : rooms) {
      try {
        Optional<String> roomId = api.roomOfAlias(hosts.matrixRoom(room));
        if (roomId.isEmpty()) {
          progress.put(room.name, RoomProgress.notWorking("the Matrix room " + hosts.matrixRoom(room) + " is missing"));
          continue;
        }
        HeisenbridgeRelay.Outcome outcome = tokens.call(community, api, operator.username(), operator.password(),
            token -> new HeisenbridgeRelay(locator.baseUrl(community), token, HeisenbridgeObjects.botUser(community))
                .ensure(new HeisenbridgeRelay.Target(ergo.host(), ergo.port(), community.getMetadata().getName(),
                    hosts.ircChannel(room), roomId.get())));
        if (outcome.changed()) {
          events.normal(community, "RoomRelayed", "Heisenbridge relays " + hosts.matrixRoom(room) + " and "
              + hosts.ircChannel(room));
        }
        progress.put(room.name, RoomProgress.working());
      } catch (SynapseAdminApi.MatrixError | IOException e) {
        progress.put(room.name, RoomProgress.notWorking("Heisenbridge does not relay it yet: " + e.getMessage()));
      }
    }
    if (progress.values().stream().allMatch(RoomProgress::ready)) {
      done.keySet().removeIf(k -> k.startsWith(community.getMetadata().getUid() + "/"));
      done.put(key, progress);
    }
    return progress;
  }
}
