package net.freedommessenger.westchat.e2e.xmpp;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.ProsodyServer;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.servers.TestCertificate;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.prosody.ProsodyAccounts;
import net.freedommessenger.westchat.model.prosody.ProsodyConfig;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.ProsodySecrets;
import net.freedommessenger.westchat.model.prosody.ProsodySite;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * A community's XMPP part on loopback: Prosody started from the files the operator puts in its
 * ConfigMap, rendered for a loopback {@link ProsodySite}, with a self-signed certificate for the
 * names cert-manager would put in the real one, and the accounts made by the operator's
 * accounts script from the passwords of the account Secrets, as the pod's init container does.
 *
 * <p>It is prepared first (folder, ports, certificate, secrets) and started after, so that two
 * communities can trust each other's certificates and be found in a test DNS before either starts.
 */
public final class RenderedXmpp {

  private static final Map<List<String>, TestCertificate> CERTIFICATES = new HashMap<>();

  private final WestchatCommunity community;
  private final Path directory;
  private final ProsodySite site;
  private final TestCertificate certificate;
  private final Map<String, String> passwords = new TreeMap<>();
  private final String componentSecret;
  private ProsodyServer prosody;

  private RenderedXmpp(WestchatCommunity community, Path directory, ProsodySite site, TestCertificate certificate,
      String componentSecret) {
    this.community = community;
    this.directory = directory;
    this.site = site;
    this.certificate = certificate;
    this.componentSecret = componentSecret;
  }

  /** Takes the account passwords from the Secrets the operator keeps in a cluster, before {@link #start}. */
  public RenderedXmpp withAccountSecrets(java.util.List<Secret> accounts) {
    for (Secret account : accounts) {
      Map<String, String> values = plain(account);
      passwords.put(values.get(AccountSecrets.USERNAME), values.get(AccountSecrets.PASSWORD));
    }
    return this;
  }

  /** Folder, ports and certificate; account passwords and the component secret generated as for a new community. */
  public static RenderedXmpp prepare(RunningServers servers, WestchatCommunity community) {
    return prepare(servers, community, null, null);
  }

  /**
   * As {@link #prepare(RunningServers, WestchatCommunity)}, for a Prosody that verifies other servers with the
   * given PEM file and finds them through the given DNS server (address@port); null for the system's.
   */
  public static RenderedXmpp prepare(RunningServers servers, WestchatCommunity community, Path trustedCertificates,
      String dnsServer) {
    Path dir = servers.directory("prosody-" + community.getSpec().domain);
    int httpPort = LoopbackPorts.take();
    ProsodySite site = new ProsodySite(LoopbackPorts.HOST, LoopbackPorts.take(), LoopbackPorts.take(), LoopbackPorts.take(),
        httpPort, dir.toString(), dir.resolve("data").toString(), dir.resolve("certs/tls.crt").toString(),
        dir.resolve("certs/tls.key").toString(), "http://" + LoopbackPorts.HOST + ":" + httpPort + "/",
        trustedCertificates == null ? null : trustedCertificates.toString(), dnsServer);
    TestCertificate certificate = certificateFor(XmppCertificate.dnsNames(community.getSpec()));
    certificate.writePem(Path.of(site.certificateFile()), Path.of(site.keyFile()));
    RandomSecretGenerator generator = new RandomSecretGenerator();
    String componentSecret = plain(ProsodySecrets.secret(community, ExistingSecrets.NONE, generator))
        .get(ProsodySecrets.COMPONENT_SECRET);
    RenderedXmpp xmpp = new RenderedXmpp(community, dir, site, certificate, componentSecret);
    for (Secret account : AccountSecrets.desired(community, ExistingSecrets.NONE, generator)) {
      Map<String, String> values = plain(account);
      xmpp.passwords.put(values.get(AccountSecrets.USERNAME), values.get(AccountSecrets.PASSWORD));
    }
    return xmpp;
  }

  /**
   * Writes the ConfigMap's files and the account password files, runs the accounts script as the
   * init container would, and starts Prosody with the component secret in its environment.
   */
  public RenderedXmpp start(RunningServers servers) {
    try {
      for (Map.Entry<String, String> file : ProsodyObjects.configFiles(community, site).entrySet()) {
        Files.writeString(directory.resolve(file.getKey()), file.getValue());
      }
      Files.createDirectories(Path.of(site.dataDir()));
      writePasswordFiles(passwords);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    createAccounts();
    prosody = servers.add(ProsodyServer.start(directory, site.clientPort(),
        ProsodyConfig.ircGateway(community.getSpec()) ? site.componentPort() : 0,
        Map.of(ProsodyConfig.GATEWAY_SECRET_VARIABLE, componentSecret)));
    return this;
  }

  /**
   * As the operator rolls the pod after a change of the spec: stops Prosody, writes the files
   * rendered from the changed community into the same folder (the data stays) and starts it again,
   * the accounts script first, as the init container does.
   */
  public RenderedXmpp restartAs(RunningServers servers, WestchatCommunity changed) {
    prosody.close();
    RenderedXmpp next = new RenderedXmpp(changed, directory, site, certificate, componentSecret);
    next.passwords.putAll(passwords);
    return next.start(servers);
  }

  /** One certificate per set of names and test JVM: keytool takes seconds on a busy machine. */
  private static synchronized TestCertificate certificateFor(List<String> names) {
    return CERTIFICATES.computeIfAbsent(names, key -> {
      try {
        Path work = Files.createTempDirectory("westchat-certificate-");
        try {
          return TestCertificate.selfSigned(work, key.toArray(String[]::new));
        } finally {
          Files.deleteIfExists(work);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Runs the accounts script, as the init container does at every start of the pod; returns its output. */
  public String createAccounts() {
    return ProsodyServer.runBeforeStart(directory, List.of("sh", directory.resolve(ProsodyAccounts.SCRIPT).toString(),
        directory.resolve(ProsodyConfig.FILE).toString(), accountsDirectory().toString(), community.getSpec().domain));
  }

  /** Replaces the password files, as an edit of the account Secrets would. */
  public void writePasswordFiles(Map<String, String> byAccount) throws IOException {
    Files.createDirectories(accountsDirectory());
    for (Map.Entry<String, String> account : byAccount.entrySet()) {
      Files.writeString(accountsDirectory().resolve(account.getKey()), account.getValue());
    }
  }

  private Path accountsDirectory() {
    return directory.resolve("accounts");
  }

  /** A client of this community logged in over STARTTLS, trusting only this community's certificate. */
  public XMPPTCPConnection login(String user, String password) throws Exception {
    XMPPTCPConnection connection = connection(user, password);
    connection.connect().login();
    return connection;
  }

  /** A client connected over STARTTLS and not logged in, as for signing up. */
  public XMPPTCPConnection connectAnonymously() throws Exception {
    XMPPTCPConnection connection = connection(null, null);
    connection.connect();
    return connection;
  }

  /**
   * As {@link #connectAnonymously}, from another loopback address (such as 127.0.0.2): Prosody
   * counts sign-ups per client address and leaves 127.0.0.1, where only its own pod connects from
   * in a cluster, uncounted.
   */
  public XMPPTCPConnection connectAnonymouslyFrom(String clientAddress) throws Exception {
    XMPPTCPConnection connection = new XMPPTCPConnection(builder(null, null)
        .setSocketFactory(new BoundSocketFactory(java.net.InetAddress.getByName(clientAddress))).build());
    connection.setReplyTimeout(10_000);
    connection.connect();
    return connection;
  }

  /** Plain sockets bound to one local address before they connect. */
  private static final class BoundSocketFactory extends javax.net.SocketFactory {
    private final java.net.InetAddress local;

    BoundSocketFactory(java.net.InetAddress local) {
      this.local = local;
    }

    @Override
    public java.net.Socket createSocket() throws IOException {
      java.net.Socket socket = new java.net.Socket();
      socket.bind(new java.net.InetSocketAddress(local, 0));
      return socket;
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws IOException {
      return new java.net.Socket(host, port, local, 0);
    }

    @Override
    public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort) throws IOException {
      return new java.net.Socket(host, port, localHost, localPort);
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      return new java.net.Socket(host, port, local, 0);
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress localHost, int localPort)
        throws IOException {
      return new java.net.Socket(host, port, localHost, localPort);
    }
  }

  private XMPPTCPConnection connection(String user, String password) throws Exception {
    XMPPTCPConnection connection = new XMPPTCPConnection(builder(user, password).build());
    connection.setReplyTimeout(10_000);
    return connection;
  }

  private XMPPTCPConnectionConfiguration.Builder builder(String user, String password) throws Exception {
    XMPPTCPConnectionConfiguration.Builder config = XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(community.getSpec().domain)
        .setHostAddress(LoopbackPorts.address())
        .setPort(site.clientPort())
        .setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(certificate.trustManager())
        .setResource("interop")
        .setConnectTimeout(10_000);
    if (user != null) {
      config.setUsernameAndPassword(user, password);
    }
    return config;
  }

  public WestchatCommunity community() {
    return community;
  }

  public String domain() {
    return community.getSpec().domain;
  }

  public ProsodyServer prosody() {
    return prosody;
  }

  public ProsodySite site() {
    return site;
  }

  public TestCertificate certificate() {
    return certificate;
  }

  public Path certificateFile() {
    return Path.of(site.certificateFile());
  }

  /** The first password of an account, from its Secret. */
  public String password(String account) {
    return passwords.get(account);
  }

  public String componentSecret() {
    return componentSecret;
  }

  static Map<String, String> plain(Secret secret) {
    Map<String, String> values = new TreeMap<>();
    secret.getData().forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    return values;
  }
}
