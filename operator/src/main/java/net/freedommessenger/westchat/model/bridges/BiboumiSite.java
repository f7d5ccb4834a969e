package net.freedommessenger.westchat.model.bridges;

/**
 * Where Biboumi runs and what it connects to. The Prosody pod and the interop tests differ only here.
 *
 * @param componentPort Prosody's component port, on 127.0.0.1 (Biboumi runs next to Prosody)
 * @param ircServer the one IRC server Biboumi connects to, as it reaches it (the Ergo Service in the cluster)
 * @param databaseFile Biboumi's SQLite file (its users' settings), on writable storage
 * @param policyDirectory where Biboumi looks for its optional TLS policy file
 */
public record BiboumiSite(int componentPort, String ircServer, String databaseFile, String policyDirectory) {}
