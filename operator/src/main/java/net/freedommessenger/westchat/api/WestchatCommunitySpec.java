package net.freedommessenger.westchat.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.spec.BridgesSpec;
import net.freedommessenger.westchat.api.spec.DataRetention;
import net.freedommessenger.westchat.api.spec.Expose;
import net.freedommessenger.westchat.api.spec.Federation;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.api.spec.IrcSpec;
import net.freedommessenger.westchat.api.spec.MatrixSpec;
import net.freedommessenger.westchat.api.spec.Moderation;
import net.freedommessenger.westchat.api.spec.NetworkPolicies;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.api.spec.XmppSpec;

/**
 * What a community wants. Rules that span several fields live here as CEL rules, so the API
 * server and {@code westchat render} reject the same input with the same message.
 */
@ValidationRule(value = "self.matrix.enabled || self.xmpp.enabled || self.irc.enabled",
    message = "at least one of spec.matrix, spec.xmpp and spec.irc must be enabled")
@ValidationRule(value = "!self.bridges.matrixIrc.enabled || (self.matrix.enabled && self.irc.enabled)",
    message = "the Matrix-IRC bridge needs spec.matrix and spec.irc enabled; enable them or set this to false",
    fieldPath = ".bridges.matrixIrc.enabled")
@ValidationRule(value = "!self.bridges.xmppIrc.enabled || (self.xmpp.enabled && self.irc.enabled)",
    message = "the XMPP-IRC bridge needs spec.xmpp and spec.irc enabled; enable them or set this to false",
    fieldPath = ".bridges.xmppIrc.enabled")
@ValidationRule(value = "!(self.matrix.encryption == 'required' && self.bridges.matrixIrc.enabled)",
    message = "'required' cannot be combined with spec.bridges.matrixIrc: bridged rooms cannot be end-to-end encrypted; use 'optional'",
    fieldPath = ".matrix.encryption")
@ValidationRule(value = "self.federation.enabled || size(self.federation.allow) == 0",
    message = "lists servers to federate with, but spec.federation.enabled is false",
    fieldPath = ".federation.allow")
@ValidationRule(value = "self.moderation.closedRooms.all(c, c.network != 'community' || self.rooms.exists(r, r.name == c.room))",
    message = "an entry with network 'community' must name a room of spec.rooms",
    fieldPath = ".moderation.closedRooms")
public class WestchatCommunitySpec {

  @Required
  @Size(min = 3, max = 253)
  @ValidationRule(value = "self.matches('^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?[.])+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$')",
      message = "must be a lowercase DNS name with at least two labels, such as chat.example.org")
  @ValidationRule(value = "self == oldSelf",
      message = "cannot change: it is the Matrix server name and the XMPP domain, and every account and room belongs to it")
  @JsonPropertyDescription("The community's DNS domain. It is the Matrix server name (user IDs look like @alice:<domain>), "
      + "the XMPP domain (alice@<domain>), and the base of every host name: matrix.<domain>, conference.<domain>, "
      + "upload.<domain>, irc.<domain>. It can never change once set.")
  public String domain;

  @Required
  @Size(min = 1, max = 50)
  @ValidationRule(value = "self.all(a, self.exists_one(b, b.name == a.name))",
      message = "every admin name must be unique")
  @JsonPropertyDescription("The community's administrators. Each gets an admin account on every enabled network "
      + "(Synapse server admin, Prosody admin, IRC operator), with an initial password in a Secret of its own.")
  public List<Admin> admins = new ArrayList<>();

  @Default("invite")
  @JsonPropertyDescription("Who may create an account: 'open' lets anyone sign up, 'invite' needs an invitation "
      + "(Matrix registration token, XMPP invite link, IRC account verified by an admin), 'closed' lets only admins "
      + "create accounts. With 'open' the XMPP web chat also lets guests in without an account (see xmpp.webChat).")
  public Registration registration = Registration.INVITE;

  @Size(max = 2000)
  @JsonPropertyDescription("House rules shown to newcomers on every network: the topic of the Matrix room #welcome:<domain> "
      + "that every new Matrix account joins, the XMPP welcome message and the IRC message of the day.")
  public String rules;

  @Default("{}")
  @JsonPropertyDescription("Federation with other servers of the same network (Matrix and XMPP). IRC networks do not federate.")
  public Federation federation = new Federation();

  @Default("{}")
  @JsonPropertyDescription("The Matrix homeserver (Synapse) and its PostgreSQL database.")
  public MatrixSpec matrix = new MatrixSpec();

  @Default("{}")
  @JsonPropertyDescription("The XMPP server (Prosody) with group chats (MUC) and file uploads.")
  public XmppSpec xmpp = new XmppSpec();

  @Default("{}")
  @JsonPropertyDescription("The IRC server (Ergo) with NickServ accounts and ChanServ channel registration.")
  public IrcSpec irc = new IrcSpec();

  @Default("{}")
  @JsonPropertyDescription("Bridges that join the networks: every room is an IRC channel that Matrix and XMPP users reach through a bridge.")
  public BridgesSpec bridges = new BridgesSpec();

  @Default("[]")
  @Size(max = 100)
  @ValidationRule(value = "self.all(r, self.exists_one(s, s.name == r.name))",
      message = "every room name must be unique")
  @JsonPropertyDescription("Rooms that exist on every enabled network: #<name> on IRC, #<name>:<domain> on Matrix and "
      + "#<name>@irc.<domain> on XMPP, all joined by the bridges. Removing a room stops managing it and keeps its history.")
  public List<Room> rooms = new ArrayList<>();

  @Default("{}")
  @JsonPropertyDescription("What the community's admins do through the operator, such as closing rooms on every network.")
  public Moderation moderation = new Moderation();

  @Default("{}")
  @JsonPropertyDescription("How the community is reached from outside the cluster: Ingress class and TLS certificates.")
  public Expose expose = new Expose();

  @Default("{}")
  @JsonPropertyDescription("NetworkPolicies that let each part be reached only by the parts that need it, and the chat ports by everyone.")
  public NetworkPolicies networkPolicies = new NetworkPolicies();

  @Default("Retain")
  @JsonPropertyDescription("What happens to the volumes (database, media, uploads, IRC accounts) when this resource is "
      + "deleted: 'Retain' keeps them, so a recreated community finds its data again; 'Delete' removes them.")
  public DataRetention dataRetention = DataRetention.RETAIN;

  @Default("{}")
  @JsonPropertyDescription("Container images for every part. Each has a default pinned to the version the operator is tested with.")
  public Images images = new Images();
}
