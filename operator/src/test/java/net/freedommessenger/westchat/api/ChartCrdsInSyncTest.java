package net.freedommessenger.westchat.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart installs the CRDs from its own crds/ folder: it must hold exactly the files of crds/,
 * byte for byte. With -Dwestchat.crds.update=true (./westchat update-crds) the chart's copy is
 * written from what the api package generates, as crds/ is.
 */
class ChartCrdsInSyncTest {

  static final Path CHART_CRDS = Path.of("charts", "westchat-operator", "crds");

  @Test
  void chartCrdsAreTheRepositorysCrds(@TempDir Path out) throws IOException {
    Path chartCrds = RepoFiles.root().resolve(CHART_CRDS);
    if (Boolean.getBoolean("westchat.crds.update")) {
      new CRDGenerator().inOutputDir(out.toFile()).forCRDVersions("v1")
          .customResourceClasses(WestchatCommunity.class).generate();
      Files.createDirectories(chartCrds);
      try (Stream<Path> stale = Files.list(chartCrds)) {
        for (Path file : stale.toList()) {
          Files.delete(file);
        }
      }
      Files.copy(out.resolve(CrdInSyncTest.FILE), chartCrds.resolve(CrdInSyncTest.FILE));
    }
    Path crds = RepoFiles.path("crds");
    List<String> expected = names(crds);
    assertEquals(expected, names(chartCrds), CHART_CRDS + " must hold the same files as crds/: run ./westchat update-crds");
    for (String name : expected) {
      assertArrayEquals(Files.readAllBytes(crds.resolve(name)), Files.readAllBytes(chartCrds.resolve(name)),
          CHART_CRDS.resolve(name) + " differs from crds/" + name + ": run ./westchat update-crds and commit the result");
    }
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
