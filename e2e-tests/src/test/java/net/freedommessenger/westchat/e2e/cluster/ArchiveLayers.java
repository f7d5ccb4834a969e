package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The layers of a docker-archive images/build.sh wrote, each named {@code <sha256>/layer.tar} after
 * its own content: reads the archive once and checks every layer's content against its name.
 */
final class ArchiveLayers {

  private static final int BLOCK = 512;

  private ArchiveLayers() {}

  /** The layers' digests ({@code sha256:...}); throws when a layer's content does not match its name. */
  static List<String> verified(Path archive) {
    List<String> digests = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    try (InputStream in = Files.newInputStream(archive)) {
      byte[] header = new byte[BLOCK];
      while (in.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
        String name = text(header, 0, 100);
        long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (name.endsWith("/layer.tar")) {
          String expected = name.substring(0, name.indexOf('/'));
          String actual = sha256(in, size);
          digests.add("sha256:" + expected);
          if (!expected.equals(actual)) {
            wrong.add(name + " holds sha256:" + actual);
          }
          in.skipNBytes(padded - size);
        } else {
          in.skipNBytes(padded);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + archive, e);
    }
    if (!wrong.isEmpty()) {
      throw new IllegalStateException(archive + " is damaged: " + String.join(", ", wrong)
          + "; remove it and the stamps beside it (images/build.sh --force rebuilds it)");
    }
    return digests;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static String sha256(InputStream in, long size) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      long left = size;
      while (left > 0) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          throw new IOException("the archive ends inside a layer");
        }
        digest.update(buffer, 0, read);
        left -= read;
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
