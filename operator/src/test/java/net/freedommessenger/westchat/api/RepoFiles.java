package net.freedommessenger.westchat.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository that tests read, such as crds/ and samples/. */
public final class RepoFiles {

  private RepoFiles() {}

  public static Path root() {
    String configured = System.getProperty("westchat.repo.root");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("crds")) && Files.exists(dir.resolve("operator/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root from " + start);
  }

  public static Path path(String first, String... more) {
    return root().resolve(Path.of(first, more));
  }
}
