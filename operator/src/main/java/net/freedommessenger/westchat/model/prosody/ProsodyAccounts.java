package net.freedommessenger.westchat.model.prosody;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;

/**
 * The accounts the operator makes on Prosody: every admin's and its own, each with the password
 * of its account Secret (the same Secret as on Matrix). Before Prosody starts, an init container
 * runs {@value #SCRIPT} on a folder holding one file per account, named after the account and
 * holding its password; the script creates the accounts that do not exist yet and leaves the
 * others alone.
 */
public final class ProsodyAccounts {

  public static final String SCRIPT = "create-accounts.sh";
  /** Readable by the pod's group only: the files hold passwords. */
  static final int FILE_MODE = 0440;

  private ProsodyAccounts() {}

  public static String script() {
    return ProsodyFiles.resource(SCRIPT);
  }

  /** The operator's account first, then the admins in the order of the spec. */
  public static List<String> names(WestchatCommunity community) {
    List<String> names = new ArrayList<>();
    names.add(Names.OPERATOR_ACCOUNT);
    for (Admin admin : community.getSpec().admins) {
      names.add(admin.name);
    }
    return names;
  }

  /** One file per account, named after it, with the password from its Secret; nothing else. */
  static Volume passwordFiles(WestchatCommunity community, String volumeName) {
    List<VolumeProjection> sources = new ArrayList<>();
    for (String name : names(community)) {
      String secret = Names.OPERATOR_ACCOUNT.equals(name)
          ? AccountSecrets.operatorSecretName(community) : AccountSecrets.adminSecretName(community, name);
      sources.add(new VolumeProjectionBuilder()
          .withNewSecret().withName(secret).addNewItem().withKey(AccountSecrets.PASSWORD).withPath(name).endItem().endSecret()
          .build());
    }
    return new VolumeBuilder().withName(volumeName)
        .withNewProjected().withDefaultMode(FILE_MODE).withSources(sources).endProjected()
        .build();
  }
}
