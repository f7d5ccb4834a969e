package net.freedommessenger.westchat.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written by GNU tar, the format images/build.sh writes too. */
class ArchiveLayersTest {

  @TempDir
  Path dir;

  @Test
  void aLayerNamedAfterItsContentIsListed() throws Exception {
    byte[] layer = "a layer".getBytes(StandardCharsets.UTF_8);
    String digest = sha256(layer);
    Path archive = archive(digest, layer);

    assertEquals(java.util.List.of("sha256:" + digest), ArchiveLayers.verified(archive));
  }

  @Test
  void aLayerWhoseContentDoesNotMatchItsNameIsNamedInTheError() throws Exception {
    String digest = sha256("what the config expects".getBytes(StandardCharsets.UTF_8));
    Path archive = archive(digest, "something else".getBytes(StandardCharsets.UTF_8));

    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ArchiveLayers.verified(archive));
    String held = sha256("something else".getBytes(StandardCharsets.UTF_8));
    assertTrue(refused.getMessage().contains("is damaged: " + digest + "/layer.tar holds sha256:" + held), refused.getMessage());
  }

  private Path archive(String digest, byte[] layer) throws Exception {
    Path content = dir.resolve("content");
    Files.createDirectories(content.resolve(digest));
    Files.write(content.resolve(digest).resolve("layer.tar"), layer);
    Files.writeString(content.resolve("manifest.json"), "[]");
    Path archive = dir.resolve("images.tar");
    HostCommand.run("tar", "--create", "--format=gnu", "--file", archive.toString(), "-C", content.toString(),
        "manifest.json", digest).requireSuccess();
    return archive;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
