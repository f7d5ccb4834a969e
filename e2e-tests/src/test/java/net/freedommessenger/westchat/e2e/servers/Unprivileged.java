package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a server as the unprivileged user {@code nobody} when the tests run as root.
 *
 * <p>PostgreSQL and Prosody refuse to run as root, and no server needs root on loopback ports
 * above 1024. When the test JVM runs as root, such a server is started through
 * {@code setpriv --reuid=<nobody> --regid=<nobody's group> --clear-groups}: setpriv changes the
 * ids and then executes the server in the same process, so the test's {@link Process} handle is
 * the server itself. The server's directory is handed over to that user first ({@link #handOver}):
 * every file in it is chowned, and every folder above it must let others through (mode o+x),
 * which {@link RunningServers} makes sure of for the folders it creates.
 *
 * <p>When the tests run as an ordinary user, everything runs as that user and nothing is chowned.
 * Programs installed under a private home (the virtualenv and Ergo in ~/.cache when that is
 * /root) are not reachable by {@code nobody}; those servers accept root and run as the test's user.
 */
public final class Unprivileged {

  /** The user a server runs as when the tests run as root. */
  public static final String USER = "nobody";

  private static final int[] IDS = lookUp();

  private Unprivileged() {}

  /** Whether the test JVM runs as root, so that servers refusing root must change user. */
  public static boolean testsRunAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command, run as {@link #USER} when the tests run as root; unchanged otherwise. */
  static List<String> wrap(List<String> command) {
    if (!testsRunAsRoot()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + IDS[0], "--regid=" + IDS[1], "--clear-groups", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * Gives the folder and everything in it to {@link #USER} when the tests run as root, and checks
   * that the user can reach the folder.
   */
  public static void handOver(Path directory) {
    if (!testsRunAsRoot()) {
      return;
    }
    Path absolute = directory.toAbsolutePath().normalize();
    for (Path parent = absolute.getParent(); parent != null; parent = parent.getParent()) {
      try {
        if (!Files.getPosixFilePermissions(parent).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          throw new IllegalStateException("user " + USER + " cannot reach " + absolute + ": " + parent
              + " does not let others through (chmod o+x); create server folders with RunningServers.directory()");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try (Stream<Path> files = Files.walk(absolute)) {
      for (Path file : files.toList()) {
        Files.setAttribute(file, "unix:uid", IDS[0], LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:gid", IDS[1], LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** uid and gid of {@link #USER}, from /etc/passwd. */
  private static int[] lookUp() {
    try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
      return lines.map(line -> line.split(":"))
          .filter(fields -> fields.length > 3 && fields[0].equals(USER))
          .map(fields -> new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])})
          .findFirst()
          .orElse(new int[] {65534, 65534});
    } catch (IOException e) {
      return new int[] {65534, 65534};
    }
  }
}
