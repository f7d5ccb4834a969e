package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The real node's network on this machine: a bridge whose subnet is the pod range, with the node's
 * own address on it, so pods, the kubelet, CoreDNS and the relay to the API server meet on
 * addresses that exist only inside this machine. Forwarding is switched on for the bridge alone: a
 * chain of ours drops every forwarded packet that enters or leaves the bridge from or to anywhere
 * else, so nothing a pod sends leaves the machine.
 *
 * <p>{@link #down()} removes what {@link #up()} and the node's programs added: the bridge, the
 * iptables chains of kube-proxy, the kubelet and ours, and puts back the kernel settings the kubelet
 * and this class changed.
 */
final class NodeNetwork {

  static final String BRIDGE = "wc-cni0";
  /** The node's address: the bridge's own, the pods' gateway and DNS server. */
  static final String NODE_ADDRESS = "10.88.0.1";
  static final String POD_SUBNET = "10.88.0.0/24";
  static final String CHAIN = "WESTCHAT-NODE";
  /** Chains whose names start so were made by kube-proxy, the kubelet, the CNI plugins or us. */
  private static final List<String> CHAIN_PREFIXES = List.of("KUBE-", "CNI-", CHAIN);
  /** Kernel settings the kubelet sets at start (and forwarding, which this class sets). */
  private static final List<String> SETTINGS = List.of("net/ipv4/ip_forward", "vm/overcommit_memory", "vm/panic_on_oom",
      "kernel/panic", "kernel/panic_on_oops", "kernel/keys/root_maxkeys", "kernel/keys/root_maxbytes");

  private final Map<String, String> savedSettings = new LinkedHashMap<>();
  private boolean up;

  /** Creates the bridge with the node's address and the forwarding rules. */
  void up() {
    for (String setting : SETTINGS) {
      read(setting).ifPresent(value -> savedSettings.put(setting, value));
    }
    removeLeftovers();
    up = true;
    HostCommand.run("ip", "link", "add", BRIDGE, "type", "bridge").requireSuccess();
    HostCommand.run("ip", "addr", "add", NODE_ADDRESS + "/24", "dev", BRIDGE).requireSuccess();
    HostCommand.run("ip", "link", "set", BRIDGE, "up").requireSuccess();
    iptables("-N", CHAIN);
    // within the bridge: pod to pod, and pod to a Service's pod (kube-proxy's DNAT happens before)
    iptables("-A", CHAIN, "-i", BRIDGE, "-o", BRIDGE, "-j", "ACCEPT");
    iptables("-A", CHAIN, "-i", BRIDGE, "-j", "DROP");
    iptables("-A", CHAIN, "-o", BRIDGE, "-j", "DROP");
    iptables("-I", "FORWARD", "1", "-j", CHAIN);
    write("net/ipv4/ip_forward", "1");
  }

  /** The bridge and the chains of an earlier run that was killed before it could take them down. */
  private void removeLeftovers() {
    if (HostCommand.run("ip", "link", "show", BRIDGE).ok()) {
      System.err.println("real node: removing the bridge " + BRIDGE + " and the iptables chains an earlier run left");
      removeChains();
      HostCommand.run("ip", "link", "del", BRIDGE);
    }
  }

  /** Takes down everything {@link #up()} and the node's programs added; safe to call twice. */
  void down() {
    if (!up) {
      return;
    }
    up = false;
    removeChains();
    HostCommand.run("ip", "link", "del", BRIDGE);
    savedSettings.forEach(NodeNetwork::write);
  }

  /**
   * Removes every rule and chain of kube-proxy, the kubelet, the CNI plugins and ours, in both
   * address families, by restoring the tables without them (other rules stay as they were).
   */
  private static void removeChains() {
    for (String family : List.of("iptables", "ip6tables")) {
      HostCommand.Result saved = HostCommand.run(family + "-save");
      if (!saved.ok()) {
        continue;
      }
      String kept = saved.output().lines().filter(line -> !ours(line)).collect(Collectors.joining("\n", "", "\n"));
      if (!kept.equals(saved.output().endsWith("\n") ? saved.output() : saved.output() + "\n")) {
        HostCommand.Result restored = HostCommand.run(List.of(family + "-restore"), kept);
        if (!restored.ok()) {
          System.err.println("real node: " + family + "-restore failed, chains may be left: " + restored.output());
        }
      }
    }
  }

  /** A chain declaration, a rule in one of our chains, or a jump to one. */
  private static boolean ours(String line) {
    for (String prefix : CHAIN_PREFIXES) {
      if (line.startsWith(":" + prefix) || line.startsWith("-A " + prefix) || line.contains(" -j " + prefix)
          || line.contains(" -g " + prefix)) {
        return true;
      }
    }
    return false;
  }

  private static void iptables(String... arguments) {
    HostCommand.run(HostCommand.with(List.of("iptables", "-w", "5"), arguments)).requireSuccess();
  }

  private static java.util.Optional<String> read(String setting) {
    try {
      return java.util.Optional.of(Files.readString(Path.of("/proc/sys", setting)).strip());
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static void write(String setting, String value) {
    try {
      Files.writeString(Path.of("/proc/sys", setting), value + "\n");
    } catch (IOException e) {
      System.err.println("real node: cannot set " + setting + " to " + value + ": " + e.getMessage());
    }
  }
}
