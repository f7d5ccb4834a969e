package net.freedommessenger.westchat.e2e.servers;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.X509TrustManager;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.reconciler.ChatServers;
import net.freedommessenger.westchat.reconciler.ServerAccess;
import net.freedommessenger.westchat.reconciler.WestchatCommunityReconciler;

/**
 * Where an operator in the test JVM reaches Synapse, Ergo and Prosody: loopback addresses set once
 * the servers run (the operator starts first, to generate the Secrets they are started with). Until
 * then the addresses answer nothing.
 */
public final class LoopbackServers implements ChatServers {

  private static final Address NOTHING = new Address(LoopbackPorts.HOST, 9);

  private final AtomicReference<String> synapse = new AtomicReference<>("http://" + LoopbackPorts.HOST + ":9");
  private final AtomicReference<Address> irc = new AtomicReference<>(NOTHING);
  private final AtomicReference<Address> xmpp = new AtomicReference<>(NOTHING);
  private final AtomicReference<X509TrustManager> xmppTrust = new AtomicReference<>();

  /** The operator's reconciler, reaching every server of every community here. */
  public WestchatCommunityReconciler reconciler() {
    return new WestchatCommunityReconciler(ServerAccess.IN_CLUSTER.withSynapse(community -> synapse.get())
        .withChatServers(kubernetes -> this));
  }

  public void synapseAt(String baseUrl) {
    synapse.set(baseUrl);
  }

  public void ircAt(int port) {
    irc.set(new Address(LoopbackPorts.HOST, port));
  }

  public void xmppAt(int port, X509TrustManager trust) {
    xmpp.set(new Address(LoopbackPorts.HOST, port));
    xmppTrust.set(trust);
  }

  @Override
  public Address irc(WestchatCommunity community) {
    return irc.get();
  }

  @Override
  public Address xmpp(WestchatCommunity community) {
    return xmpp.get();
  }

  @Override
  public Optional<X509TrustManager> xmppTrust(WestchatCommunity community) {
    return Optional.ofNullable(xmppTrust.get());
  }
}
