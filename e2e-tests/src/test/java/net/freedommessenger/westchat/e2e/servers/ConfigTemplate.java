package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smoke tests' config files: test resources under {@code servers/} with {@code {{name}}}
 * placeholders for ports, folders and secrets. The launchers never write configs; the interop
 * tier will give them configs rendered by the operator instead.
 */
public final class ConfigTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");

  private ConfigTemplate() {}

  /** Renders resource {@code servers/<resource>} into the file; every placeholder must have a value. */
  public static Path write(String resource, Path file, Map<String, ?> values) {
    String template;
    try (InputStream in = ConfigTemplate.class.getResourceAsStream("/servers/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource servers/" + resource);
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Object value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("servers/" + resource + " needs a value for {{" + matcher.group(1) + "}}");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
    }
    matcher.appendTail(out);
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
