package net.freedommessenger.westchat.status;

import java.util.HashMap;
import java.util.Map;
import net.freedommessenger.westchat.api.spec.RoomNetwork;

/** The rooms' progress per network and room name, as far as the operator looked; the rest is not set up yet. */
public final class RoomsObserved {

  private final Map<RoomNetwork, Map<String, RoomProgress>> progress = new HashMap<>();

  public static RoomsObserved none() {
    return new RoomsObserved();
  }

  public RoomsObserved with(RoomNetwork network, Map<String, RoomProgress> rooms) {
    progress.computeIfAbsent(network, n -> new HashMap<>()).putAll(rooms);
    return this;
  }

  public RoomProgress of(RoomNetwork network, String room) {
    return progress.getOrDefault(network, Map.of()).getOrDefault(room, RoomProgress.NOT_SET_UP);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RoomsObserved observed && progress.equals(observed.progress);
  }

  @Override
  public int hashCode() {
    return progress.hashCode();
  }

  @Override
  public String toString() {
    return progress.toString();
  }
}
