package net.freedommessenger.westchat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * crds/ is what users apply and what offline validation reads: it must be exactly what the api
 * package generates. Run with -Dwestchat.crds.update=true (./westchat update-crds) to rewrite it.
 */
class CrdInSyncTest {

  static final String FILE = WestchatCommunity.CRD_NAME + "-v1.yml";

  @Test
  void committedCrdMatchesTheApiClasses(@TempDir Path out) throws IOException {
    new CRDGenerator().inOutputDir(out.toFile()).forCRDVersions("v1")
        .customResourceClasses(WestchatCommunity.class).generate();
    String generated = Files.readString(out.resolve(FILE));
    Path committed = RepoFiles.path("crds", FILE);
    if (Boolean.getBoolean("westchat.crds.update")) {
      Files.writeString(committed, generated);
    }
    assertTrue(Files.exists(committed), "crds/" + FILE + " is missing: run ./westchat update-crds");
    assertEquals(generated, Files.readString(committed),
        "crds/" + FILE + " differs from what the api package generates: run ./westchat update-crds and commit the result");
  }
}
