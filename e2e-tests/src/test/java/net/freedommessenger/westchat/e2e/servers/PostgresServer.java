package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * A throw-away PostgreSQL 15 cluster (Debian's server programs) on 127.0.0.1 and a free port.
 *
 * <p>{@link #start(Path)} runs {@code initdb} into {@code <directory>/data} (superuser
 * {@code postgres}, encoding UTF8, locale C; trust on the Unix socket, SCRAM passwords over TCP),
 * then {@code postgres} with {@code listen_addresses=127.0.0.1}, the chosen port, and its Unix
 * socket in {@code <directory>/socket} rather than /var/run/postgresql, so it never meets a system
 * cluster. Durability is switched off ({@code fsync}, {@code synchronous_commit},
 * {@code full_page_writes}): the cluster lives for one test. Output goes to
 * {@code <directory>/postgres.log}; the server counts as started when that log says it is ready
 * to accept connections and the port accepts.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root, the directory is chowned to
 * {@code nobody} and initdb, postgres and psql run as that user through setpriv (see
 * {@link Unprivileged}). It stops on SIGINT (PostgreSQL's fast shutdown: clients are
 * disconnected), so a client that is still connected does not hold the stop up.
 */
public final class PostgresServer extends ServerProcess {

  public static final String SUPERUSER = "postgres";

  private final Path directory;
  private final int port;

  private PostgresServer(Started started, Path directory, int port) {
    super("postgresql", started);
    this.directory = directory;
    this.port = port;
  }

  /** Initialises a cluster in the (empty or new) directory and starts it on a free port. */
  public static PostgresServer start(Path directory) {
    Path data = directory.resolve("data");
    Path socket = directory.resolve("socket");
    try {
      Files.createDirectories(directory);
      Files.createDirectories(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Unprivileged.handOver(directory);
    Map<String, String> env = Map.of("HOME", directory.toString(), "LC_ALL", "C");
    long initdbStart = System.nanoTime();
    run("initdb", List.of(TestEnvironment.postgresBinary("initdb").toString(),
        "--pgdata=" + data, "--username=" + SUPERUSER, "--encoding=UTF8", "--locale=C",
        "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "--no-instructions"),
        directory, env, true, Duration.ofSeconds(120));
    System.err.printf("[servers] postgresql initdb took %d ms%n", (System.nanoTime() - initdbStart) / 1_000_000);

    int port = LoopbackPorts.take();
    Started started = launch(new Launch("postgresql", List.of(TestEnvironment.postgresBinary("postgres").toString(),
        "-D", data.toString(),
        "-p", Integer.toString(port),
        "-c", "listen_addresses=" + LoopbackPorts.HOST,
        "-c", "unix_socket_directories=" + socket,
        "-c", "fsync=off",
        "-c", "synchronous_commit=off",
        "-c", "full_page_writes=off",
        "-c", "max_connections=50"),
        directory, directory.resolve("postgres.log"), env), true);
    PostgresServer server = new PostgresServer(started, directory, port);
    server.awaitReady(Duration.ofSeconds(60), "ready to accept connections on " + LoopbackPorts.HOST + ":" + port,
        () -> server.logContains("database system is ready to accept connections") && LoopbackPorts.accepts(port));
    return server;
  }

  public String host() {
    return LoopbackPorts.HOST;
  }

  public int port() {
    return port;
  }

  /** A login role with a password, for a server that connects over TCP. */
  public void createRole(String name, String password) {
    psql("CREATE ROLE " + identifier(name) + " LOGIN PASSWORD " + literal(password));
  }

  /**
   * A database owned by the role, with {@code ENCODING 'UTF8' LC_COLLATE='C' LC_CTYPE='C'}
   * from {@code template0}: what Synapse requires, and harmless for any other server.
   */
  public void createDatabase(String name, String owner) {
    psql("CREATE DATABASE " + identifier(name) + " OWNER " + identifier(owner)
        + " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
  }

  /** Runs one SQL command as the superuser over the Unix socket; returns psql's unaligned output. */
  public String psql(String sql) {
    return psql("postgres", sql);
  }

  public String psql(String database, String sql) {
    requireRunning("psql");
    return run("psql", List.of(TestEnvironment.postgresBinary("psql").toString(),
        "--host=" + directory.resolve("socket"), "--port=" + port, "--username=" + SUPERUSER,
        "--dbname=" + database, "--no-psqlrc", "--tuples-only", "--no-align", "--set=ON_ERROR_STOP=1",
        "--command=" + sql),
        directory, Map.of("HOME", directory.toString()), true, Duration.ofSeconds(60)).strip();
  }

  @Override
  protected boolean answers() {
    return LoopbackPorts.accepts(port);
  }

  /** SIGINT: fast shutdown, which does not wait for clients to disconnect. */
  @Override
  protected void requestStop() {
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid())).inheritIO().start();
      kill.waitFor();
    } catch (IOException e) {
      super.requestStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      super.requestStop();
    }
  }

  private static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
