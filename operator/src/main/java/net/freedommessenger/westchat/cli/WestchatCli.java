package net.freedommessenger.westchat.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;

/** {@code westchat render FILE}: what the operator would create for a community, without a cluster. */
public final class WestchatCli {

  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;

  private WestchatCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2 || !"render".equals(args[0])) {
      err.println("usage: westchat render FILE   print every object the operator would create for a WestchatCommunity");
      return USAGE;
    }
    Path file = Path.of(args[1]);
    try {
      WestchatCommunity community = CommunityFile.parse(Files.readString(file, StandardCharsets.UTF_8));
      out.print(RenderedObjects.toYaml(
          CommunityObjects.desired(community, ExistingSecrets.NONE, new PlaceholderSecretGenerator())));
      out.flush();
      return OK;
    } catch (InvalidCommunityException e) {
      err.println(file + ": " + e.getMessage());
      return INVALID;
    } catch (NoSuchFileException e) {
      err.println(file + ": no such file");
      return USAGE;
    } catch (IOException e) {
      err.println(file + ": not a readable YAML file: " + e.getMessage());
      return INVALID;
    }
  }
}
