package net.freedommessenger.westchat.model.bridges;

import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.model.CommunityHosts;

/**
 * biboumi.cfg: the component irc.&lt;domain&gt; of the community's Prosody, fixed to the community's
 * own IRC server, so a channel is joined as #channel@irc.&lt;domain&gt;. It holds no secret: Biboumi
 * reads the component password from the environment variable {@value #PASSWORD_VARIABLE}, which
 * overrides the file's "password" option.
 */
public final class BiboumiConfig {

  public static final String FILE = "biboumi.cfg";
  /** Biboumi lets BIBOUMI_&lt;OPTION&gt; in its environment override an option of its file. */
  public static final String PASSWORD_VARIABLE = "BIBOUMI_PASSWORD";

  private BiboumiConfig() {}

  public static String render(WestchatCommunitySpec spec, BiboumiSite site) {
    List<String> lines = new ArrayList<>();
    lines.add("# Biboumi config of " + spec.domain + ", rendered by the Westchat operator from the community's spec.");
    lines.add("# It holds no secret: the component password comes from " + PASSWORD_VARIABLE + ".");
    lines.add("hostname=" + new CommunityHosts(spec.domain).ircHost());
    // Prosody takes components on loopback only, and Biboumi runs in Prosody's pod
    lines.add("xmpp_server_ip=127.0.0.1");
    lines.add("port=" + site.componentPort());
    lines.add("fixed_irc_server=" + site.ircServer());
    if (!spec.admins.isEmpty()) {
      lines.add("admin=" + String.join(":", admins(spec)));
    }
    // no identd: it needs port 113, and Ergo does not ask (check-ident is off)
    lines.add("identd_port=0");
    lines.add("db_name=" + site.databaseFile());
    lines.add("policy_directory=" + site.policyDirectory());
    lines.add("realname_customization=false");
    lines.add("realname_from_jid=false");
    lines.add("log_level=1");
    return String.join("\n", lines) + "\n";
  }

  /** The community's admins administer the gateway too (ad-hoc commands). */
  private static List<String> admins(WestchatCommunitySpec spec) {
    return spec.admins.stream().map((Admin admin) -> admin.name + "@" + spec.domain).sorted().toList();
  }
}
