package net.freedommessenger.westchat.e2e.irc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.servers.ErgoServer;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.servers.TestCertificate;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.ergo.ErgoSite;
import net.freedommessenger.westchat.model.ergo.IrcOperators;
import net.freedommessenger.westchat.model.ergo.IrcdConfig;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;

/**
 * A community's IRC part on loopback: Ergo started from the ircd.yaml and message of the day the
 * operator renders, with the opers' hashes made from freshly generated account Secrets, and only
 * the listeners and paths of a local site. The TLS listener serves a self-signed test certificate
 * for irc.&lt;domain&gt;, as Ergo in the cluster always has a certificate (the issuer's, the
 * user's or the operator's self-signed one).
 *
 * @param passwords each account's password, by account name, as its Secret holds it
 */
public record RenderedIrc(ErgoServer ergo, int tlsPort, TestCertificate certificate, Map<String, String> passwords) {

  public static RenderedIrc start(RunningServers servers, WestchatCommunity community) {
    return start(servers, community, ExistingSecrets.NONE, null);
  }

  /**
   * As {@link #start(RunningServers, WestchatCommunity)}, with one more plain listener (such as
   * 127.x.y.z:6667) for a client that, like Biboumi with a fixed server, only tries the standard port.
   */
  public static RenderedIrc start(RunningServers servers, WestchatCommunity community, String extraPlainListener) {
    return start(servers, community, ExistingSecrets.NONE, extraPlainListener);
  }

  /** With the account Secrets the operator keeps in a cluster (name to data), so the opers' passwords are theirs. */
  public static RenderedIrc start(RunningServers servers, WestchatCommunity community, ExistingSecrets accounts) {
    return start(servers, community, accounts, null);
  }

  public static RenderedIrc start(RunningServers servers, WestchatCommunity community, ExistingSecrets accounts,
      String extraPlainListener) {
    RandomSecretGenerator generator = new RandomSecretGenerator();
    Map<String, Map<String, String>> secrets = new HashMap<>();
    Map<String, String> passwords = new HashMap<>();
    for (Secret account : AccountSecrets.desired(community, accounts, generator)) {
      secrets.put(account.getMetadata().getName(), account.getData());
      passwords.put(decode(account.getData().get(AccountSecrets.USERNAME)), decode(account.getData().get(AccountSecrets.PASSWORD)));
    }

    Path dir = servers.directory("ergo-" + community.getMetadata().getName());
    int plainPort = LoopbackPorts.take();
    int tlsPort = LoopbackPorts.take();
    TestCertificate certificate = TestCertificate.selfSigned(dir, new CommunityHosts(community.getSpec().domain).ircHost());
    certificate.writePem(dir.resolve("tls/tls.crt"), dir.resolve("tls/tls.key"));
    ErgoSite site = new ErgoSite(LoopbackPorts.HOST + ":" + plainPort, LoopbackPorts.HOST + ":" + tlsPort,
        dir.resolve("tls/tls.crt").toString(), dir.resolve("tls/tls.key").toString(),
        dir.resolve("ircd.db").toString(), dir.resolve(IrcdConfig.MOTD_FILE).toString());
    String ircdYaml = IrcdConfig.render(community.getSpec(), site,
        IrcOperators.of(community, name -> secrets.getOrDefault(name, Map.of()), Map.of(), generator));
    if (extraPlainListener != null) {
      ircdYaml = withListener(ircdYaml, extraPlainListener);
    }
    try {
      Files.writeString(dir.resolve(ErgoServer.CONFIG_FILE), ircdYaml);
      Files.writeString(dir.resolve(IrcdConfig.MOTD_FILE), IrcdConfig.motd(community.getSpec()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ErgoServer ergo = servers.add(ErgoServer.start(dir, plainPort));
    return new RenderedIrc(ergo, tlsPort, certificate, passwords);
  }

  private static String withListener(String ircdYaml, String listener) {
    try {
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      ObjectNode config = (ObjectNode) yaml.readTree(ircdYaml);
      ((ObjectNode) config.with("server").with("listeners")).putObject(listener);
      return yaml.writeValueAsString(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the ircd.yaml rendered from the changed community over the running one, as the operator
   * does to the config Secret; Ergo reads it at the next REHASH (or pod start), keeping its data.
   */
  public void rewriteConfig(WestchatCommunity changed) {
    Path dir = ergo.log().getParent();
    boolean tls = tlsPort > 0;
    ErgoSite site = new ErgoSite(LoopbackPorts.HOST + ":" + ergo.port(), tls ? LoopbackPorts.HOST + ":" + tlsPort : null,
        dir.resolve("tls/tls.crt").toString(), dir.resolve("tls/tls.key").toString(),
        dir.resolve("ircd.db").toString(), dir.resolve(IrcdConfig.MOTD_FILE).toString());
    Map<String, Map<String, String>> secrets = new HashMap<>();
    passwords.forEach((account, password) -> secrets.put(
        net.freedommessenger.westchat.api.spec.Names.OPERATOR_ACCOUNT.equals(account)
            ? AccountSecrets.operatorSecretName(changed) : AccountSecrets.adminSecretName(changed, account),
        Map.of(AccountSecrets.PASSWORD, Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)))));
    try {
      Files.writeString(dir.resolve(ErgoServer.CONFIG_FILE), IrcdConfig.render(changed.getSpec(), site,
          IrcOperators.of(changed, name -> secrets.getOrDefault(name, Map.of()), Map.of(), new RandomSecretGenerator())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
