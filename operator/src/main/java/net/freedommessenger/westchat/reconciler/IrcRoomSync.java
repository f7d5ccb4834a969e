package net.freedommessenger.westchat.reconciler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.irc.ChannelSetup;
import net.freedommessenger.westchat.irc.IrcSession;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.rooms.CommunityRooms;
import net.freedommessenger.westchat.status.RoomProgress;

/**
 * Makes every room of spec.rooms exist on Ergo as the operator: the channel registered with
 * ChanServ to the operator's account, with the room's topic. One IRC session serves all rooms.
 * What was done for a spec is remembered, so a reconcile that changes nothing does not connect;
 * a room that failed is tried again on the next reconcile. A room removed from the spec is left
 * as it is, registered, with its history; a room the admins closed is left to the moderation step.
 */
final class IrcRoomSync {

  private final Map<String, Map<String, RoomProgress>> done = new ConcurrentHashMap<>();

  /** @return each room's progress by room name */
  Map<String, RoomProgress> sync(WestchatCommunity community, ChatServers.Address ergo, String operatorPassword,
      CommunityEvents events) {
    List<Room> rooms = CommunityRooms.open(community.getSpec());
    String key = community.getMetadata().getUid() + "/" + rooms.stream().map(r -> r.name + "=" + r.topic).toList();
    Map<String, RoomProgress> earlier = done.get(key);
    if (earlier != null) {
      return earlier;
    }
    Map<String, RoomProgress> progress = new LinkedHashMap<>();
    if (rooms.isEmpty()) {
      return progress;
    }
    CommunityHosts hosts = new CommunityHosts(community.getSpec().domain);
    try (IrcSession session = IrcSession.connectAs(ergo.host(), ergo.port(), Names.OPERATOR_ACCOUNT, operatorPassword)) {
      session.oper(Names.OPERATOR_ACCOUNT, operatorPassword);
      ChannelSetup channels = ChannelSetup.loggedIn(session, Names.OPERATOR_ACCOUNT, operatorPassword);
      for (Room room : rooms) {
        String channel = hosts.ircChannel(room);
        try {
          for (String action : channels.ensure(channel, room.topic)) {
            events.normal(community, "IrcChannelSetUp", "IRC: " + action);
          }
          progress.put(room.name, RoomProgress.working());
        } catch (IrcSession.IrcError e) {
          progress.put(room.name, RoomProgress.notWorking(e.getMessage()));
        }
      }
    } catch (IOException e) {
      String why = "the operator could not act on Ergo at " + ergo.host() + ":" + ergo.port() + ": " + e.getMessage();
      rooms.forEach(r -> progress.putIfAbsent(r.name, RoomProgress.notWorking(why)));
    }
    if (progress.values().stream().allMatch(RoomProgress::ready)) {
      done.keySet().removeIf(k -> k.startsWith(community.getMetadata().getUid() + "/"));
      done.put(key, progress);
    }
    return progress;
  }
}
