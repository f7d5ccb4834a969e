package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The folder {@code ./westchat up} keeps a community in between runs: the local cluster (etcd's
 * data with every object and Secret, certificates, the node's volumes, logs), the admin
 * kubeconfig that {@code ./westchat status} and kubectl use, the id of the running {@code up}
 * that {@code ./westchat down} stops, and a mark per community whose passwords were shown.
 */
final class UpDataFolder {

  private final Path root;

  UpDataFolder(Path root) {
    this.root = root.toAbsolutePath();
  }

  Path root() {
    return root;
  }

  Path cluster() {
    return root.resolve("cluster");
  }

  Path kubeconfig() {
    return root.resolve("kubeconfig");
  }

  Path logs() {
    return cluster().resolve("logs");
  }

  /** The id of the {@code up} that runs on this folder, if one does. */
  Optional<Long> runningUp() {
    Path file = root.resolve("up.pid");
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  void markRunning() {
    write(root.resolve("up.pid"), ProcessHandle.current().pid() + "\n");
  }

  void markStopped() {
    try {
      Files.deleteIfExists(root.resolve("up.pid"));
    } catch (IOException e) {
      System.err.println("westchat up: cannot remove " + root.resolve("up.pid") + ": " + e.getMessage());
    }
  }

  /** Copies the cluster's admin kubeconfig where {@code ./westchat status} and people find it, readable by root only. */
  void keepKubeconfig(Path adminKubeconfig) {
    try {
      Files.copy(adminKubeconfig, kubeconfig(), StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(kubeconfig(), PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Notes which community runs, for ./westchat status: "NAMESPACE NAME". */
  void rememberCommunity(String namespace, String name) {
    write(root.resolve("community"), namespace + " " + name + "\n");
  }

  /**
   * True the first time it is asked for a community (by its uid): initial passwords are shown
   * once, when the community is new, not on every start.
   */
  boolean firstShowingOfPasswords(String communityUid) {
    Path mark = root.resolve("passwords-shown").resolve(communityUid);
    if (Files.exists(mark)) {
      return false;
    }
    write(mark, "");
    return true;
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
