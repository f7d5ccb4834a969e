package net.freedommessenger.westchat.model;

import net.freedommessenger.westchat.api.RepoFiles;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.cli.CommunityFile;
import java.nio.file.Files;

/** Communities for model tests, read the way the API server would store them (defaults applied). */
public final class TestCommunities {

  private TestCommunities() {}

  public static WestchatCommunity sample(String file) {
    try {
      return CommunityFile.parse(Files.readString(RepoFiles.path("samples", file)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The minimal sample with extra spec YAML merged in, such as "matrix: {encryption: off}". */
  public static WestchatCommunity minimalWith(String specYaml) {
    try {
      String yaml = "apiVersion: westchat.freedom-messenger.net/v1alpha1\nkind: WestchatCommunity\n"
          + "metadata: {name: westchat, namespace: chat}\n"
          + "spec:\n  domain: westchat.example.org\n  admins: [{name: alice}]\n"
          + specYaml.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
      return CommunityFile.parse(yaml);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
