package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.api.status.RoomAddress;
import net.freedommessenger.westchat.api.status.RoomStatus;

/**
 * Follows a community until it works, printing a line whenever one of its parts (the status
 * conditions Matrix, XMPP, IRC, Bridges, Rooms) or one of its rooms changes, so a person at the
 * terminal sees each part come up instead of a silent wait.
 */
final class CommunityProgress {

  static final List<String> PARTS = List.of("Matrix", "XMPP", "IRC", "Bridges", "Rooms");
  private static final Duration HINT_AFTER = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final PrintStream out;
  private final long begin;
  private final Map<String, String> lastSaid = new HashMap<>();

  CommunityProgress(KubernetesClient client, String namespace, String name, PrintStream out, long begin) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.out = out;
    this.begin = begin;
  }

  /**
   * Returns the community once it is Ready for its latest spec and every room works on every
   * network; keeps following (and says so once) when that takes long, until stillWanted is false.
   */
  WestchatCommunity awaitWorking(BooleanSupplier stillWanted) throws InterruptedException {
    boolean hinted = false;
    long start = System.nanoTime();
    while (stillWanted.getAsBoolean()) {
      WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(namespace).withName(name).get();
      boolean podsReady = sayHowPodsAre();
      if (community != null && community.getStatus() != null) {
        sayWhatChanged(community);
        // after a restart the status is the one the last run left: the pods tell what runs now
        if (podsReady && works(community)) {
          return community;
        }
      }
      if (!hinted && System.nanoTime() - start > HINT_AFTER.toNanos()) {
        hinted = true;
        say("still not working after " + HINT_AFTER.toMinutes() + " minutes; ./westchat status says what is wrong"
            + " (this keeps waiting)");
      }
      Thread.sleep(1_000);
    }
    return null;
  }

  /** A line per pod that turned Ready or not Ready; true when the community has pods and all are Ready. */
  private boolean sayHowPodsAre() {
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    boolean allReady = !pods.isEmpty();
    for (Pod pod : pods) {
      boolean ready = CommunityOnTheRealNodeTest.isReady(pod);
      allReady &= ready;
      String component = pod.getMetadata().getLabels().getOrDefault("app.kubernetes.io/name", pod.getMetadata().getName());
      sayOnChange("pod " + pod.getMetadata().getName(), component + ": " + (ready ? "running" : "starting" + waitingReason(pod)));
    }
    return allReady;
  }

  private static String waitingReason(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return "";
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null)
        .map(c -> " (" + c.getName() + ": " + c.getState().getWaiting().getReason() + ")")
        .findFirst().orElse("");
  }

  static boolean works(WestchatCommunity community) {
    Long generation = community.getMetadata().getGeneration();
    boolean ready = community.getStatus().conditions.stream().anyMatch(c -> "Ready".equals(c.type)
        && "True".equals(c.status) && (generation == null || c.observedGeneration == null || c.observedGeneration >= generation));
    return ready && community.getStatus().rooms.stream().allMatch(CommunityProgress::roomWorks);
  }

  private static boolean roomWorks(RoomStatus room) {
    return ready(room.matrix) && ready(room.xmpp) && ready(room.irc);
  }

  /** An address of a network the community leaves out is null, and needs nothing. */
  private static boolean ready(RoomAddress address) {
    return address == null || Boolean.TRUE.equals(address.ready);
  }

  private void sayWhatChanged(WestchatCommunity community) {
    for (CommunityCondition condition : community.getStatus().conditions) {
      if (PARTS.contains(condition.type)) {
        sayOnChange(condition.type, condition.type + ": " + words(condition));
      }
    }
    for (RoomStatus room : community.getStatus().rooms) {
      sayOnChange("room " + room.name, "room " + room.name + ": "
          + (roomWorks(room) ? "works on every network" : "being set up" + firstProblem(room)));
    }
  }

  private static String words(CommunityCondition condition) {
    if ("True".equals(condition.status)) {
      return "works" + ("Running".equals(condition.reason) || condition.reason == null ? "" : " (" + condition.reason + ")");
    }
    if ("Disabled".equals(condition.reason)) {
      return "switched off in the spec";
    }
    return "not yet (" + condition.reason + ")" + (condition.message == null ? "" : ": " + condition.message);
  }

  private static String firstProblem(RoomStatus room) {
    for (RoomAddress address : new RoomAddress[] {room.matrix, room.xmpp, room.irc}) {
      if (address != null && !Boolean.TRUE.equals(address.ready) && address.message != null) {
        return " (" + address.address + ": " + address.message + ")";
      }
    }
    return "";
  }

  private void sayOnChange(String key, String line) {
    if (!line.equals(lastSaid.put(key, line))) {
      say(line);
    }
  }

  void say(String line) {
    out.printf(Locale.ROOT, "westchat up: [%6.1f s] %s%n", (System.nanoTime() - begin) / 1e9, line);
    out.flush();
  }
}
