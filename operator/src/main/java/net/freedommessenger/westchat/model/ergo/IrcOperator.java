package net.freedommessenger.westchat.model.ergo;

/**
 * One IRC operator of Ergo's config: an admin of the community, or the operator's own account.
 *
 * @param name the oper name, also the nick and account name on every network
 * @param passwordHash bcrypt hash of the password in the account's Secret
 * @param automation whether this is the operator's own account rather than a person
 */
public record IrcOperator(String name, String passwordHash, boolean automation) {}
