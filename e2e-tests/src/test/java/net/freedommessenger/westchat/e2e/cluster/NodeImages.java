package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * The images the real node runs: the archives images/build.sh made (every server's image, the
 * sandbox's, and the operator's, built from operator/target/quarkus-app when the tests start),
 * imported into the node's containerd under the references the operator and the chart name, so no
 * pod ever asks a registry. An archive is imported again only when it changed since the last import
 * into the kept containerd root.
 */
final class NodeImages {

  /** The archive of every image but the operator's. */
  static final String SERVERS_ARCHIVE = "images.tar";
  static final String OPERATOR_ARCHIVE = "operator.tar";

  private NodeImages() {}

  /** Where images/build.sh writes (install.sh's images part): $WESTCHAT_IMAGES_DIR, else images/ in the install folder. */
  static Path directory() {
    String configured = System.getenv("WESTCHAT_IMAGES_DIR");
    return configured != null && !configured.isBlank() ? Path.of(configured) : TestEnvironment.directory().resolve("images");
  }

  /** The servers' archive, which install.sh built. */
  static Path servers() {
    Path archive = directory().resolve(SERVERS_ARCHIVE);
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("the images of the real node are missing (" + archive
          + "): run e2e-tests/testenv/install.sh (it installs every part the e2e tests need)");
    }
    return archive;
  }

  /** Builds the operator's image from the packaged operator (operator/target/quarkus-app). */
  static Path operator() {
    OperatorProcess.quarkusRunJar();
    Path script = ApiServer.repoRoot().resolve("images").resolve("build.sh");
    long begin = System.nanoTime();
    HostCommand.Result built = HostCommand.run(script.toString(), "--out", directory().toString(), "operator");
    if (!built.ok()) {
      throw new IllegalStateException("images/build.sh could not build the operator's image:\n" + built.output());
    }
    System.err.printf(Locale.ROOT, "real node: operator image built in %.1f s%n", (System.nanoTime() - begin) / 1e9);
    return directory().resolve(OPERATOR_ARCHIVE);
  }

  /** Imports each archive that changed since it was last imported into this containerd root. */
  static void importInto(Function<String[], HostCommand.Result> ctr, Path containerdRoot, List<Path> archives) {
    for (Path archive : archives) {
      Path stamp = containerdRoot.resolveSibling("imported-" + archive.getFileName() + ".stamp");
      String key = key(archive);
      if (key.equals(read(stamp)) && !ctr.apply(new String[] {"images", "ls", "-q"}).output().isBlank()) {
        continue;
      }
      long begin = System.nanoTime();
      HostCommand.Result imported = ctr.apply(new String[] {"images", "import", archive.toString()});
      if (!imported.ok()) {
        // A layer whose content does not match its digest, in the kept containerd root (an import
        // cut off in an earlier run) or in the archive: drop the root's copies, check the archive, try once more.
        System.err.println("real node: importing " + archive.getFileName() + " failed, once more without the kept layers: "
            + imported.output().strip().lines().reduce((a, b) -> b).orElse(""));
        List<String> layers = ArchiveLayers.verified(archive);
        forgetLayers(ctr, containerdRoot, layers);
        imported = ctr.apply(new String[] {"images", "import", archive.toString()});
      }
      if (!imported.ok()) {
        throw new IllegalStateException("ctr could not import " + archive + ": " + imported.output());
      }
      write(stamp, key);
      System.err.printf(Locale.ROOT, "real node: imported %s in %.1f s%n", archive.getFileName(),
          (System.nanoTime() - begin) / 1e9);
    }
  }

  /** Removes the layers' blobs and any unfinished ingest from the containerd root, so the next import writes them anew. */
  private static void forgetLayers(Function<String[], HostCommand.Result> ctr, Path containerdRoot, List<String> digests) {
    for (String digest : digests) {
      ctr.apply(new String[] {"content", "rm", digest});
    }
    Path ingests = containerdRoot.resolve("io.containerd.content.v1.content").resolve("ingest");
    try (var entries = Files.list(ingests)) {
      for (Path entry : entries.toList()) {
        try (var files = Files.walk(entry)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    } catch (IOException e) {
      // no ingest folder: nothing was left unfinished
    }
  }

  private static String key(Path archive) {
    try {
      return archive.toAbsolutePath() + " " + Files.size(archive) + " " + Files.getLastModifiedTime(archive).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
