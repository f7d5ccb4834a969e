/**
 * Launchers of the real chat servers for the interop tier, and their smoke tests.
 *
 * <p>Each launcher ({@link net.freedommessenger.westchat.e2e.servers.PostgresServer},
 * {@link net.freedommessenger.westchat.e2e.servers.SynapseServer},
 * {@link net.freedommessenger.westchat.e2e.servers.ProsodyServer},
 * {@link net.freedommessenger.westchat.e2e.servers.BiboumiServer},
 * {@link net.freedommessenger.westchat.e2e.servers.ErgoServer},
 * {@link net.freedommessenger.westchat.e2e.servers.HeisenbridgeServer}) starts one server from a
 * config directory that the caller wrote, on 127.0.0.1 and ports from
 * {@link net.freedommessenger.westchat.e2e.servers.LoopbackPorts}, waits until it really answers,
 * and stops it by its own process handle. A launcher writes no config (PostgreSQL's own
 * {@code initdb} aside): the smoke tests render theirs from the templates in the test resources
 * {@code servers/}, and later tests will give the launchers configs rendered by the operator.
 *
 * <p>A server that needs another takes it as an argument (Synapse its PostgreSQL, Biboumi its
 * Prosody, Heisenbridge its Synapse), waits for it to answer, and fails with that server's log
 * when it is gone. A server that exits or never answers fails with the end of its own log.
 *
 * <p>Tests register {@link net.freedommessenger.westchat.e2e.servers.RunningServers}: it gives
 * each server a folder, prints every server's log when a test fails, and stops them all.
 * PostgreSQL, Prosody and Biboumi run as {@code nobody} when the tests run as root
 * (see {@link net.freedommessenger.westchat.e2e.servers.Unprivileged}).
 *
 * <p>For federation, servers must reach each other by name over HTTPS on port 443:
 * {@link net.freedommessenger.westchat.e2e.servers.LoopbackAddresses} gives each its own
 * 127.x.y.N address, {@link net.freedommessenger.westchat.e2e.servers.LoopbackIngress} serves
 * rendered Ingress objects there with certificates of a
 * {@link net.freedommessenger.westchat.e2e.servers.TestCertificateAuthority}, and
 * {@link net.freedommessenger.westchat.e2e.servers.PrivateHosts} gives the servers that must find
 * each other an /etc/hosts of the test's own, in a private mount namespace (root only); the
 * machine's /etc/hosts is never touched.
 *
 * <p>Run the smoke tests with
 * {@code ./mvnw -B -pl e2e-tests -am verify -Dtest='*Server*Test' -Dsurefire.failIfNoSpecifiedTests=false}
 * after {@code e2e-tests/testenv/install.sh}.
 */
package net.freedommessenger.westchat.e2e.servers;
