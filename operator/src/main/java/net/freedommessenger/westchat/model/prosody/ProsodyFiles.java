package net.freedommessenger.westchat.model.prosody;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Files the operator ships to Prosody as they are: Lua and shell sources kept as resources under prosody/. */
final class ProsodyFiles {

  private ProsodyFiles() {}

  static String resource(String name) {
    try (InputStream in = ProsodyFiles.class.getResourceAsStream("/prosody/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the operator is missing its resource prosody/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
