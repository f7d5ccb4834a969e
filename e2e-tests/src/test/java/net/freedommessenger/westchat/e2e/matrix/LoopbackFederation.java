package net.freedommessenger.westchat.e2e.matrix;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.servers.LoopbackAddresses;
import net.freedommessenger.westchat.e2e.servers.LoopbackIngress;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.NginxServer;
import net.freedommessenger.westchat.e2e.servers.PostgresServer;
import net.freedommessenger.westchat.e2e.servers.PrivateHosts;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.servers.SynapseServer;
import net.freedommessenger.westchat.e2e.servers.TestCertificateAuthority;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretKind;
import net.freedommessenger.westchat.model.synapse.HomeserverConfig;
import net.freedommessenger.westchat.model.synapse.HomeserverSite;
import net.freedommessenger.westchat.model.synapse.MatrixDelegation;
import net.freedommessenger.westchat.model.synapse.MatrixIngress;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import net.freedommessenger.westchat.model.synapse.SynapseSecrets;

/**
 * Several communities' Matrix parts side by side on loopback, reaching each other as they would
 * on the internet: by their domains, over HTTPS on port 443, through the delegation files.
 *
 * <p>Per community: Synapse from the rendered homeserver.yaml and Secrets (its client and
 * federation listener on 127.0.0.1 and a free port), the delegation nginx from the rendered
 * nginx.conf, and the rendered Ingress, served by one {@link LoopbackIngress} on an address of the
 * community's own (127.x.y.N, port 443, TLS with a certificate of the test's CA for the Ingress's
 * TLS hosts, as cert-manager would issue it). The Synapses run with {@link PrivateHosts} in which
 * &lt;domain&gt; and matrix.&lt;domain&gt; name that address; so a Synapse looking for another
 * server fetches https://&lt;domain&gt;/.well-known/matrix/server, is sent to matrix.&lt;domain&gt;:443,
 * and reaches the other Synapse through the ingress, as in production. The delegation names a
 * port, so no SRV record is ever looked up. The site adds only what a test needs: the test CA as
 * the one CA trusted for federation, and the communities' addresses as reachable although
 * loopback. One PostgreSQL serves every Synapse, each with a database and role of its own.
 */
final class LoopbackFederation {

  /** One community's running Matrix part. */
  record Member(WestchatCommunity community, String address, SynapseServer synapse, String registrationSharedSecret) {

    String domain() {
      return community.getSpec().domain;
    }

    MatrixHttp http() {
      return new MatrixHttp(synapse.baseUrl());
    }

    String userId(String localpart) {
      return "@" + localpart + ":" + domain();
    }

    /** Registers a user (not an admin) with the shared secret and returns an access token. */
    String signUp(String localpart) {
      SynapseAdminApi api = new SynapseAdminApi(synapse.baseUrl());
      String password = new RandomSecretGenerator().generate(SecretKind.PASSWORD);
      try {
        api.registerWithSharedSecret(registrationSharedSecret, localpart, password, false);
        return api.login(localpart, password);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (SynapseAdminApi.MatrixError e) {
        throw new AssertionError("cannot sign up " + userId(localpart) + ": " + e.getMessage(), e);
      }
    }
  }

  private final Map<String, Member> members;
  private final TestCertificateAuthority ca;
  private final PrivateHosts hosts;
  private final Path scratch;

  private LoopbackFederation(Map<String, Member> members, TestCertificateAuthority ca, PrivateHosts hosts, Path scratch) {
    this.members = members;
    this.ca = ca;
    this.hosts = hosts;
    this.scratch = scratch;
  }

  /** Starts every community's servers; all are tracked by servers and stop with them. */
  static LoopbackFederation start(RunningServers servers, List<WestchatCommunity> communities) {
    long start = System.nanoTime();
    Path scratch = servers.directory("federation");
    PrivateHosts.requireAvailable(scratch.resolve("probe"));
    List<String> addresses = LoopbackAddresses.take(communities.size(), LoopbackIngress.HTTPS_PORT);
    TestCertificateAuthority ca = TestCertificateAuthority.create(scratch.resolve("ca"), "westchat-federation-test-ca");

    Map<String, List<String>> names = new LinkedHashMap<>();
    List<Ingress> ingresses = new ArrayList<>();
    for (int i = 0; i < communities.size(); i++) {
      Ingress ingress = MatrixIngress.ingress(communities.get(i));
      ingresses.add(ingress);
      names.put(addresses.get(i), LoopbackIngress.hosts(ingress));
    }
    PrivateHosts hosts = PrivateHosts.write(scratch.resolve("names"), names);
    List<String> reachable = addresses.stream().map(address -> address + "/32").toList();
    long named = System.nanoTime();

    PostgresServer database = servers.add(PostgresServer.start(servers.directory("postgresql")));
    List<LoopbackIngress.Site> sites = new ArrayList<>();
    List<Prepared> prepared = new ArrayList<>();
    for (int i = 0; i < communities.size(); i++) {
      WestchatCommunity community = communities.get(i);
      String name = community.getMetadata().getName();

      Path delegationDir = servers.directory("delegation-" + name);
      int delegationPort = LoopbackPorts.take();
      write(delegationDir.resolve(NginxServer.CONFIG_FILE),
          MatrixDelegation.nginxConfig(community.getSpec(), LoopbackPorts.HOST + ":" + delegationPort));
      servers.add(NginxServer.start(delegationDir, delegationPort));

      Prepared synapse = prepare(servers, database, community, ca, reachable);
      prepared.add(synapse);
      Ingress ingress = ingresses.get(i);
      List<String> tlsHosts = ingress.getSpec().getTls() == null ? List.of()
          : ingress.getSpec().getTls().stream().flatMap(tls -> tls.getHosts().stream()).toList();
      if (tlsHosts.isEmpty()) {
        throw new IllegalArgumentException("community " + name + " has no spec.expose.tls.issuerRef, so its Ingress serves"
            + " no TLS, and Matrix federation needs HTTPS; give it one (the test CA stands in for the issuer)");
      }
      sites.add(new LoopbackIngress.Site(ingress, addresses.get(i),
          Map.of(SynapseObjects.name(community), synapse.port(), MatrixDelegation.name(community), delegationPort),
          ca.issue(name, tlsHosts)));
    }
    servers.add(LoopbackIngress.start(servers.directory("ingress"), sites));
    long fronted = System.nanoTime();

    List<SynapseServer> synapses = startInParallel(servers, database, prepared, hosts);
    Map<String, Member> members = new LinkedHashMap<>();
    for (int i = 0; i < communities.size(); i++) {
      WestchatCommunity community = communities.get(i);
      members.put(community.getSpec().domain, new Member(community, addresses.get(i), synapses.get(i),
          prepared.get(i).secrets().get(SynapseSecrets.REGISTRATION_SHARED_SECRET)));
    }
    System.err.printf("[federation] addresses %s; names and test CA %d ms, databases, delegation and ingress %d ms,"
        + " Synapses %d ms%n", addresses, millis(start, named), millis(named, fronted), millis(fronted, System.nanoTime()));
    return new LoopbackFederation(members, ca, hosts, scratch);
  }

  Member member(String domain) {
    Member member = members.get(domain);
    if (member == null) {
      throw new IllegalArgumentException("no community " + domain + " here: " + members.keySet());
    }
    return member;
  }

  /**
   * GETs an https URL as the Synapses see it: with the test's host names and the test CA as the
   * only trusted CA (Python's ssl from Synapse's virtualenv, which verifies names as Synapse does).
   */
  String fetchAsAHomeserver(String url) {
    Path python;
    try {
      python = TestEnvironment.binary("synapse_homeserver").toRealPath().resolveSibling("python");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String script = "import ssl, sys, urllib.request\n"
        + "context = ssl.create_default_context(cafile=sys.argv[1])\n"
        + "print(urllib.request.urlopen(sys.argv[2], context=context, timeout=10).read().decode())\n";
    return hosts.run("fetch " + url, List.of(python.toString(), "-c", script, ca.certificate().toString(), url),
        scratch, Duration.ofSeconds(30)).strip();
  }

  /** A Synapse's config, written and ready to start. */
  private record Prepared(Path directory, int port, Map<String, String> secrets, Map<String, String> environment) {}

  private static Prepared prepare(RunningServers servers, PostgresServer database, WestchatCommunity community,
      TestCertificateAuthority ca, List<String> reachable) {
    String name = community.getMetadata().getName();
    RandomSecretGenerator generator = new RandomSecretGenerator();
    String role = "synapse_" + name.replace('-', '_');
    String databasePassword = generator.generate(SecretKind.PASSWORD);
    database.createRole(role, databasePassword);
    database.createDatabase(role, role);
    Map<String, String> secrets = RenderedMatrix.plain(SynapseSecrets.secret(community, ExistingSecrets.NONE, generator));

    Path dir = servers.directory("synapse-" + name);
    int port = LoopbackPorts.take();
    String publicBaseUrl = new CommunityHosts(community.getSpec().domain).matrixBaseUrl() + "/";
    HomeserverSite site = new HomeserverSite(LoopbackPorts.HOST, port, publicBaseUrl, dir.toString(),
        dir.resolve("secrets").toString(), dir.resolve("media").toString(), List.of())
        .withFederationTrust(List.of(ca.certificate().toString()), reachable);
    try {
      Files.createDirectories(dir.resolve("secrets"));
      Files.createDirectories(dir.resolve("media"));
      for (Map.Entry<String, String> secret : secrets.entrySet()) {
        Files.writeString(dir.resolve("secrets").resolve(secret.getKey()), secret.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(dir.resolve(HomeserverConfig.FILE), HomeserverConfig.render(community.getSpec(), site));
    write(dir.resolve(HomeserverConfig.LOG_CONFIG_FILE), HomeserverConfig.logConfig());
    Map<String, String> environment = Map.of(
        "PGHOST", database.host(), "PGPORT", String.valueOf(database.port()),
        "PGDATABASE", role, "PGUSER", role, "PGPASSWORD", databasePassword);
    return new Prepared(dir, port, secrets, environment);
  }

  /** Synapse's start is mostly waiting on Python and the schema; the Synapses start side by side. */
  private static List<SynapseServer> startInParallel(RunningServers servers, PostgresServer database, List<Prepared> prepared,
      PrivateHosts hosts) {
    ExecutorService pool = Executors.newFixedThreadPool(prepared.size());
    try {
      List<Future<SynapseServer>> starts = new ArrayList<>();
      for (Prepared synapse : prepared) {
        starts.add(pool.submit(() -> SynapseServer.start(synapse.directory(), synapse.port(), database, synapse.environment(), hosts)));
      }
      List<SynapseServer> started = new ArrayList<>();
      RuntimeException failure = null;
      for (Future<SynapseServer> start : starts) {
        try {
          started.add(servers.add(start.get()));
        } catch (ExecutionException e) {
          RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the Synapses start", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return started;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
