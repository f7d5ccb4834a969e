package net.freedommessenger.westchat.api.spec;

/** Name rules that make one name valid on Matrix, XMPP and IRC at once. */
public final class Names {

  /** Matrix localparts allow a-z0-9._=-/, XMPP nodes almost anything, IRC nicks no dot: the intersection, lower case. */
  public static final String ACCOUNT_PATTERN = "^[a-z][a-z0-9_-]{0,31}$";
  public static final String ACCOUNT_RULE = "must be 1-32 characters of a-z, 0-9, '-' and '_', starting with a letter, "
      + "so that it is a valid Matrix user, XMPP user and IRC nick";

  /** IRC channels, Matrix alias localparts and XMPP MUC nodes (through Biboumi) all accept this. */
  public static final String ROOM_PATTERN = "^[a-z0-9][a-z0-9_-]{0,49}$";
  public static final String ROOM_RULE = "must be 1-50 characters of a-z, 0-9, '-' and '_', starting with a letter or digit, "
      + "so that it is a valid IRC channel, Matrix room alias and XMPP room";

  /** The Matrix room whose topic shows the rules and that every new account joins: #welcome:<domain>. */
  public static final String WELCOME_ROOM = "welcome";

  /** The operator's own identity on every network. */
  public static final String OPERATOR_ACCOUNT = "westchat";

  /** Names taken by IRC services, bridges and the operator, as a CEL list literal. */
  public static final String RESERVED_ACCOUNTS =
      "['westchat', 'nickserv', 'chanserv', 'hostserv', 'histserv', 'global', 'admin', 'root', 'heisenbridge', 'biboumi', 'ircbridge']";

  private Names() {}
}
