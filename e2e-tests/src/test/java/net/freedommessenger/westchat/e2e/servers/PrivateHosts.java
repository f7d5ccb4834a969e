package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Host names that only the processes of one test see: an /etc/hosts of the test's own (and an
 * /etc/resolv.conf that sends every other lookup to loopback, where nothing answers), bind-mounted
 * over the machine's files in a private mount namespace of each process launched through
 * {@link #wrap}. The machine's own files are never touched, and the mounts vanish with the process.
 *
 * <p>A launched command runs as {@code unshare --mount --propagation private -- /bin/sh -c 'mount
 * --bind ... && exec "$@"'}: unshare and the shell each execute the next program in the same
 * process, so the test's process handle is the server itself. This needs root (CAP_SYS_ADMIN)
 * and unshare(1) and mount(8) from util-linux; {@link #requireAvailable} checks it once and fails
 * with what is missing.
 */
public final class PrivateHosts {

  /** Where lookups that the hosts file does not answer go: a loopback address where nothing listens. */
  static final String NO_DNS = "nameserver 127.0.0.1\n";

  private static final String MOUNT_AND_RUN =
      "mount --bind \"$1\" /etc/hosts && mount --bind \"$2\" /etc/resolv.conf && shift 2 && exec \"$@\"";

  private static volatile boolean checked;

  private final Path hostsFile;
  private final Path resolvConf;

  private PrivateHosts(Path hostsFile, Path resolvConf) {
    this.hostsFile = hostsFile;
    this.resolvConf = resolvConf;
  }

  /** Writes hosts and resolv.conf into the folder: each address with the names that resolve to it. */
  public static PrivateHosts write(Path directory, Map<String, List<String>> namesByAddress) {
    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n::1 localhost\n");
    namesByAddress.forEach((address, names) -> hosts.append(address).append(' ').append(String.join(" ", names)).append('\n'));
    try {
      Files.createDirectories(directory);
      Path hostsFile = Files.writeString(directory.resolve("hosts"), hosts.toString());
      Path resolvConf = Files.writeString(directory.resolve("resolv.conf"), NO_DNS);
      return new PrivateHosts(hostsFile, resolvConf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path hostsFile() {
    return hostsFile;
  }

  /** The command, run with this hosts file and resolv.conf in a mount namespace of its own. */
  public List<String> wrap(List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
        "/bin/sh", "-c", MOUNT_AND_RUN, "private-hosts", hostsFile.toString(), resolvConf.toString()));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Runs a short command (a probe, a client) with these names to its end and returns its output. */
  public String run(String what, List<String> command, Path workingDirectory, Duration timeout) {
    return ServerProcess.run(what, wrap(command), workingDirectory, Map.of(), false, timeout);
  }

  /**
   * Fails with the missing ability unless this process can give a child its own /etc/hosts: it
   * must run as root, and unshare(1) with a bind mount must work here.
   */
  public static void requireAvailable(Path scratchDirectory) {
    if (checked) {
      return;
    }
    String ability = "a private mount namespace (unshare --mount, then mount --bind over /etc/hosts), which gives"
        + " the servers of this test host names of their own without touching the machine's /etc/hosts";
    if (!Unprivileged.testsRunAsRoot()) {
      throw new IllegalStateException("this test needs " + ability + "; that takes root (CAP_SYS_ADMIN), and the"
          + " tests run as an ordinary user");
    }
    PrivateHosts probe = write(scratchDirectory, Map.of("127.0.0.1", List.of("private-hosts-probe.westchat.test")));
    String seen;
    try {
      seen = probe.run("private hosts probe", List.of("cat", "/etc/hosts"), scratchDirectory, Duration.ofSeconds(20));
    } catch (ServerStartException e) {
      throw new IllegalStateException("this test needs " + ability + ", and it does not work here: " + e.getMessage(), e);
    }
    if (!seen.contains("private-hosts-probe.westchat.test")) {
      throw new IllegalStateException("this test needs " + ability + ", but the bind mount did not show: /etc/hosts read "
          + seen);
    }
    checked = true;
  }
}
