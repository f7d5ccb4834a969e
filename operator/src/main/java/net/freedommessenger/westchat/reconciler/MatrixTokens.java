package net.freedommessenger.westchat.reconciler;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;

/**
 * The operator's access token on each community's Synapse, kept between reconciles: Synapse limits
 * how often an account may log in, and every login leaves a device behind. A token Synapse no
 * longer knows (401) is dropped and the call made again after a new login.
 */
final class MatrixTokens {

  @FunctionalInterface
  interface Call<T> {
    T with(String token) throws IOException, SynapseAdminApi.MatrixError;
  }

  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  <T> T call(WestchatCommunity community, SynapseAdminApi api, String user, String password, Call<T> call)
      throws IOException, SynapseAdminApi.MatrixError {
    String uid = community.getMetadata().getUid();
    String kept = tokens.get(uid);
    if (kept != null) {
      try {
        return call.with(kept);
      } catch (SynapseAdminApi.MatrixError e) {
        if (e.status() != 401) {
          throw e;
        }
        tokens.remove(uid, kept);
      }
    }
    String token = api.login(user, password);
    tokens.put(uid, token);
    return call.with(token);
  }
}
