package net.freedommessenger.westchat.model.prosody;

/**
 * The operator's own Prosody module that limits federation to spec.federation.allow: Prosody 0.12
 * has no allow list of its own. Its Lua source is a resource of the operator, shipped in the
 * ConfigMap next to prosody.cfg.lua, which loads it from there.
 */
public final class FederationAllowList {

  public static final String MODULE = "federation_allow";
  public static final String FILE = "mod_" + MODULE + ".lua";
  /** The config option that lists the allowed domains. */
  static final String OPTION = "federation_allow";

  private FederationAllowList() {}

  public static String source() {
    return ProsodyFiles.resource(FILE);
  }
}
