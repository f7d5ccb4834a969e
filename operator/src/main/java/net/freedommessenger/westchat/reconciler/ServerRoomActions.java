package net.freedommessenger.westchat.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.api.status.NetworkClosure;
import net.freedommessenger.westchat.irc.ChannelPurge;
import net.freedommessenger.westchat.irc.IrcSession;
import net.freedommessenger.westchat.matrix.MatrixRoomClosing;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.matrix.SynapseLocator;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.moderation.ClosureTargets;
import net.freedommessenger.westchat.model.moderation.ClosureTargets.Target;
import net.freedommessenger.westchat.xmpp.GroupChatClosing;

/**
 * Closes and reopens rooms on the community's own servers as the operator's account, which is an
 * admin on each of them (Synapse server admin, Prosody admin, Ergo oper). Each action opens its
 * own short connection: closing a room is rare, and a connection kept open would be one more
 * thing to heal.
 */
final class ServerRoomActions implements RoomActions {

  static final Duration MATRIX_POLL_EVERY = Duration.ofMillis(500);
  static final Duration MATRIX_POLL_FOR = Duration.ofSeconds(60);

  private final SynapseLocator synapse;
  private final ChatServers servers;
  private final Function<String, Optional<Secret>> secrets;
  private final MatrixTokens tokens;

  ServerRoomActions(SynapseLocator synapse, MatrixTokens tokens, ChatServers servers, Function<String, Optional<Secret>> secrets) {
    this.synapse = synapse;
    this.tokens = tokens;
    this.servers = servers;
    this.secrets = secrets;
  }

  @Override
  public NetworkClosure close(WestchatCommunity community, Target target, String reason) throws Exception {
    return switch (target.network()) {
      case ClosureTargets.MATRIX -> {
        SynapseAdminApi api = new SynapseAdminApi(synapse.baseUrl(community));
        MatrixRoomClosing.Closed closed = asOperator(community, api,
            token -> matrix(community, api).close(token, target.room(), reason));
        yield new NetworkClosure(target.network(), target.room(), closed.roomId().orElse(null), NetworkClosure.CLOSED,
            closed.summary());
      }
      case ClosureTargets.IRC -> {
        try (IrcSession session = irc(community)) {
          yield new NetworkClosure(target.network(), target.room(), null, NetworkClosure.CLOSED,
              new ChannelPurge(session).close(target.room(), reason));
        }
      }
      case ClosureTargets.XMPP -> {
        try (GroupChatClosing xmpp = xmpp(community)) {
          yield new NetworkClosure(target.network(), target.room(), null, NetworkClosure.CLOSED,
              xmpp.close(target.room(), reason));
        }
      }
      default -> throw new IllegalArgumentException("no network " + target.network());
    };
  }

  @Override
  public String reopen(WestchatCommunity community, NetworkClosure closed) throws Exception {
    return switch (closed.network) {
      case ClosureTargets.MATRIX -> {
        SynapseAdminApi api = new SynapseAdminApi(synapse.baseUrl(community));
        yield asOperator(community, api, token -> matrix(community, api).reopen(token, closed.roomId,
            closed.target.startsWith("#") ? closed.target : null));
      }
      case ClosureTargets.IRC -> {
        try (IrcSession session = irc(community)) {
          yield new ChannelPurge(session).reopen(closed.target);
        }
      }
      case ClosureTargets.XMPP -> {
        try (GroupChatClosing xmpp = xmpp(community)) {
          yield xmpp.reopen(closed.target);
        }
      }
      default -> throw new IllegalArgumentException("no network " + closed.network);
    };
  }

  private static MatrixRoomClosing matrix(WestchatCommunity community, SynapseAdminApi api) {
    return new MatrixRoomClosing(api, "@" + Names.OPERATOR_ACCOUNT + ":" + community.getSpec().domain,
        MATRIX_POLL_EVERY, MATRIX_POLL_FOR);
  }

  private <T> T asOperator(WestchatCommunity community, SynapseAdminApi api, MatrixTokens.Call<T> call) throws Exception {
    return tokens.call(community, api, Names.OPERATOR_ACCOUNT, operatorPassword(community), call);
  }

  private IrcSession irc(WestchatCommunity community) throws IOException {
    ChatServers.Address address = servers.irc(community);
    String password = operatorPassword(community);
    // logged in with SASL: once the operator's account exists (made for the rooms), its nick needs it
    IrcSession session = IrcSession.connectAs(address.host(), address.port(), Names.OPERATOR_ACCOUNT, password);
    try {
      session.oper(Names.OPERATOR_ACCOUNT, password);
      return session;
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private GroupChatClosing xmpp(WestchatCommunity community) throws IOException {
    ChatServers.Address address = servers.xmpp(community);
    return GroupChatClosing.login(address.host(), address.port(), community.getSpec().domain, Names.OPERATOR_ACCOUNT,
        operatorPassword(community), servers.xmppTrust(community).orElse(null));
  }

  private String operatorPassword(WestchatCommunity community) throws IOException {
    String name = AccountSecrets.operatorSecretName(community);
    String encoded = secrets.apply(name).map(Secret::getData).map(data -> data.get(AccountSecrets.PASSWORD))
        .orElseThrow(() -> new IOException("the operator's account Secret " + name + " does not exist yet"));
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }
}
