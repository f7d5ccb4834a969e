package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers of a test: folders for them, their logs on failure, and their stop.
 *
 * <p>Register it as a field, {@code @RegisterExtension final RunningServers servers = new
 * RunningServers();} (servers of one test), or as a static field (servers of the whole class,
 * started in {@code @BeforeAll}). Then {@link #directory(String)} gives each server a fresh
 * folder under one per-scope root in the temp directory (mode 0711, so that an unprivileged
 * server can reach its own folder and nobody can list the others), and {@link #add} tracks a
 * started server.
 *
 * <p>When a test fails, the last {@value ServerProcess#LOG_TAIL_LINES} lines of every tracked
 * server's log are printed to stderr, right after the test method and before {@code @AfterEach}.
 * After each test (or after the class, for static registration) every server is stopped by its
 * own process handle, newest first (so Synapse stops before its database), and the root folder is
 * deleted; set the system property {@code westchat.servers.keep=true} to keep it.
 */
public class RunningServers implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterTestExecutionCallback, AfterEachCallback {

  private static final String KEEP_PROPERTY = "westchat.servers.keep";

  /** Servers and folders of one scope: a class (static registration) or a test method. */
  private static final class Scope {
    final List<ServerProcess> servers = new ArrayList<>();
    Path root;
    boolean logsPrinted;
  }

  private Scope classScope;
  private Scope testScope;

  @Override
  public void beforeAll(ExtensionContext context) {
    classScope = new Scope();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    testScope = new Scope();
  }

  private Scope current() {
    if (testScope != null) {
      return testScope;
    }
    if (classScope != null) {
      return classScope;
    }
    throw new IllegalStateException("RunningServers is used outside a test: register it with @RegisterExtension");
  }

  /** Tracks a started server, to be stopped after the test (or class) and shown when a test fails. */
  public <T extends ServerProcess> T add(T server) {
    current().servers.add(server);
    return server;
  }

  /** A new empty folder for one server, reachable by {@link Unprivileged#USER}. */
  public Path directory(String name) {
    Scope scope = current();
    try {
      if (scope.root == null) {
        scope.root = Files.createTempDirectory("westchat-servers-");
        // set after creation, as the umask may strip bits given at creation
        Files.setPosixFilePermissions(scope.root, PosixFilePermissions.fromString("rwx--x--x"));
      }
      Path directory = scope.root.resolve(name);
      Files.createDirectory(directory);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The servers tracked now, the class's first. */
  public List<ServerProcess> servers() {
    List<ServerProcess> all = new ArrayList<>();
    if (classScope != null) {
      all.addAll(classScope.servers);
    }
    if (testScope != null) {
      all.addAll(testScope.servers);
    }
    return all;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    printLogsIfFailed(context, testScope);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Scope scope = testScope;
    // a failure in @BeforeEach or @AfterEach skips afterTestExecution's print or comes after it
    printLogsIfFailed(context, scope);
    testScope = null;
    if (scope != null) {
      close(scope);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Scope scope = classScope;
    classScope = null;
    if (scope != null) {
      if (context.getExecutionException().isPresent() && !scope.logsPrinted) {
        printLogs(context, scope.servers);
      }
      close(scope);
    }
  }

  private void printLogsIfFailed(ExtensionContext context, Scope scope) {
    Optional<Throwable> failure = context.getExecutionException();
    if (failure.isEmpty() || (scope != null && scope.logsPrinted)) {
      return;
    }
    if (scope != null) {
      scope.logsPrinted = true;
    }
    if (classScope != null) {
      classScope.logsPrinted = true;
    }
    printLogs(context, servers());
  }

  private static void printLogs(ExtensionContext context, List<ServerProcess> servers) {
    if (servers.isEmpty()) {
      return;
    }
    StringBuilder report = new StringBuilder();
    report.append(System.lineSeparator()).append("===== ").append(context.getDisplayName())
        .append(" failed; logs of its servers =====").append(System.lineSeparator());
    for (ServerProcess server : servers) {
      report.append(server.name()).append(" (pid ").append(server.pid()).append(", ")
          .append(server.isRunning() ? "running" : "exited").append(")").append(System.lineSeparator())
          .append(server.logReport()).append(System.lineSeparator());
    }
    System.err.print(report);
    System.err.flush();
  }

  private static void close(Scope scope) {
    RuntimeException failure = null;
    for (int i = scope.servers.size() - 1; i >= 0; i--) {
      try {
        scope.servers.get(i).close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (scope.root != null && !Boolean.getBoolean(KEEP_PROPERTY)) {
      delete(scope.root);
    } else if (scope.root != null) {
      System.err.println("[servers] kept " + scope.root);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void delete(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      System.err.println("[servers] could not delete " + root + ": " + e);
    }
  }
}
