package net.freedommessenger.westchat.e2e.rooms;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.irc.RenderedIrc;
import net.freedommessenger.westchat.e2e.matrix.RenderedMatrix;
import net.freedommessenger.westchat.e2e.servers.BiboumiServer;
import net.freedommessenger.westchat.e2e.servers.HeisenbridgeServer;
import net.freedommessenger.westchat.e2e.servers.LoopbackAddresses;
import net.freedommessenger.westchat.e2e.servers.LoopbackServers;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.xmpp.RenderedXmpp;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.bridges.BiboumiConfig;
import net.freedommessenger.westchat.model.bridges.BiboumiSite;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.ergo.ErgoSite;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
import net.freedommessenger.westchat.model.synapse.SynapseSecrets;

/**
 * Every server of a community with Heisenbridge, on loopback: Synapse with PostgreSQL (loading
 * Heisenbridge's registration), Heisenbridge, Ergo, Prosody and Biboumi, each from the config the
 * operator renders and with the Secrets the operator generated in the cluster. The operator in the
 * test JVM is pointed at them through {@link LoopbackServers}; the cluster itself
 * runs no server.
 */
public record CommunityOnLoopback(RenderedMatrix matrix, RenderedIrc irc, RenderedXmpp xmpp) {

  static final Duration SECRETS_WAIT = Duration.ofSeconds(120);

  public static CommunityOnLoopback start(RunningServers servers, KubernetesClient client, WestchatCommunity community,
      LoopbackServers loopback) throws Exception {
    String namespace = community.getMetadata().getNamespace();
    Secret postgres = awaitSecret(client, namespace, ManagedPostgres.secretName(community));
    Secret synapseSecret = awaitSecret(client, namespace, SynapseSecrets.name(community));
    Secret bridgeSecret = awaitSecret(client, namespace, HeisenbridgeObjects.name(community));
    List<Secret> accounts = new java.util.ArrayList<>();
    accounts.add(awaitSecret(client, namespace, AccountSecrets.operatorSecretName(community)));
    for (var admin : community.getSpec().admins) {
      accounts.add(awaitSecret(client, namespace, AccountSecrets.adminSecretName(community, admin.name)));
    }

    Path bridgeDir = servers.directory("heisenbridge");
    int bridgePort = LoopbackPorts.take();
    Map<String, String> tokens = RenderedMatrix.plain(bridgeSecret);
    Path registration = bridgeDir.resolve(HeisenbridgeServer.REGISTRATION_FILE);
    // the tokens the operator keeps, with the bridge's loopback address instead of its Service
    Files.writeString(registration, HeisenbridgeObjects.registration(community, "http://" + LoopbackPorts.HOST + ":" + bridgePort,
        tokens.get(HeisenbridgeObjects.AS_TOKEN), tokens.get(HeisenbridgeObjects.HS_TOKEN)).toYaml());
    RenderedMatrix matrix = RenderedMatrix.start(servers, community, List.of(registration.toString()),
        RenderedMatrix.plain(postgres).get("password"), RenderedMatrix.plain(synapseSecret));
    servers.add(HeisenbridgeServer.start(bridgeDir, bridgePort, matrix.synapse(), HeisenbridgeObjects.owner(community)));

    // Biboumi's fixed server is reached on the standard port, as the Ergo Service offers it in the cluster
    String ergoAddress = LoopbackAddresses.take(1, ErgoSite.PLAIN_PORT).get(0);
    RenderedIrc irc = RenderedIrc.start(servers, community, name -> accounts.stream()
        .filter(s -> s.getMetadata().getName().equals(name)).findFirst().map(Secret::getData).orElse(Map.of()),
        ergoAddress + ":" + ErgoSite.PLAIN_PORT);
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, community).withAccountSecrets(accounts).start(servers);
    Path biboumiDir = servers.directory("biboumi");
    Files.writeString(biboumiDir.resolve(BiboumiServer.CONFIG_FILE), BiboumiConfig.render(community.getSpec(),
        new BiboumiSite(xmpp.site().componentPort(), ergoAddress, biboumiDir.resolve("biboumi.sqlite").toString(),
            biboumiDir.toString())));
    servers.add(BiboumiServer.start(biboumiDir, xmpp.prosody(), Map.of(BiboumiConfig.PASSWORD_VARIABLE, xmpp.componentSecret())));

    loopback.synapseAt(matrix.synapse().baseUrl());
    loopback.ircAt(irc.ergo().port());
    loopback.xmppAt(xmpp.site().clientPort(), xmpp.certificate().trustManager());
    return new CommunityOnLoopback(matrix, irc, xmpp);
  }

  static Secret awaitSecret(KubernetesClient client, String namespace, String name) {
    return await().atMost(SECRETS_WAIT).until(() -> client.secrets().inNamespace(namespace).withName(name).get(), s -> s != null);
  }
}
