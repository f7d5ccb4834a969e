package net.freedommessenger.westchat.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;

/**
 * {@code westchat render [--with-secrets] FILE}: what the operator would create for a community,
 * without a cluster. Every Secret the operator would make holds values it generates in the
 * cluster (or, like Ergo's config, derives from them), which rendering can only show as
 * placeholders; applied, they would start the servers with those placeholders. So Secrets are
 * left out unless asked for, and then marked as a preview.
 */
final class RenderCommand {

  static final String NAME = "render";
  static final String WITH_SECRETS = "--with-secrets";
  static final String USAGE = "usage: westchat render [" + WITH_SECRETS + "] FILE   print every object the operator "
      + "would create for a WestchatCommunity; " + WITH_SECRETS + " adds its Secrets, with placeholders, as a preview";

  private RenderCommand() {}

  /** @param args what follows {@code render} */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(args);
    boolean withSecrets = rest.remove(WITH_SECRETS);
    if (rest.size() != 1 || rest.get(0).startsWith("--")) {
      err.println(USAGE);
      return WestchatCli.USAGE;
    }
    Path file = Path.of(rest.get(0));
    try {
      WestchatCommunity community = CommunityFile.parse(Files.readString(file, StandardCharsets.UTF_8));
      List<HasMetadata> objects = CommunityObjects.desired(community, ExistingSecrets.NONE, new PlaceholderSecretGenerator());
      List<String> secrets = objects.stream().filter(o -> o instanceof Secret).map(o -> o.getMetadata().getName()).toList();
      if (!withSecrets) {
        objects = objects.stream().filter(o -> !(o instanceof Secret)).toList();
      }
      out.print(RenderedObjects.toYaml(objects));
      out.flush();
      if (!withSecrets && !secrets.isEmpty()) {
        err.println("westchat render: left out " + secrets.size() + " Secrets (" + String.join(", ", secrets) + ") because "
            + "the operator generates their values in the cluster; " + WITH_SECRETS + " shows them with placeholders, "
            + "as a preview not to apply");
      }
      return WestchatCli.OK;
    } catch (InvalidCommunityException e) {
      err.println(file + ": " + e.getMessage());
      return WestchatCli.NOT_OK;
    } catch (NoSuchFileException e) {
      err.println(file + ": no such file");
      return WestchatCli.USAGE;
    } catch (IOException e) {
      err.println(file + ": not a readable YAML file: " + e.getMessage());
      return WestchatCli.NOT_OK;
    }
  }
}
