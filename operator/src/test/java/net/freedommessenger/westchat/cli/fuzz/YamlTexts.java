package net.freedommessenger.westchat.cli.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import net.freedommessenger.westchat.api.RepoFiles;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * YAML text as it reaches {@code westchat render}: the samples and generated communities with
 * text edits that break their syntax (stray brackets, anchors, tags, tabs, cut lines), and
 * documents built to hurt a parser (alias bombs, deep nesting, huge scalars, odd encodings).
 */
public final class YamlTexts {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> TOKENS = List.of(":", ": ", "- ", "\n", "\n  ", "\t", "{", "}", "[", "]", ",", "&a ",
      "*a", "*missing", "!!str ", "!!binary ", "!!float ", "!!map ", "!!set ", "!foo ", "? ", "|", ">-", "'", "\"", "#",
      "---\n", "...\n", "~", "null", ".nan", ".inf", "0x1F", "0o17", "1e999", "99999999999999999999999", "yes", "on",
      "\u0000", "\ufeff", "\u0085", "\u2028", "\ud83d\ude00", "%YAML 1.2\n", "<<: *a\n", "@", "`", "\\", "%");

  enum Kind { INSERT, DELETE, DUPLICATE_LINE, CUT }

  record TextEdit(Kind kind, int position, int length, String token) {}

  private YamlTexts() {}

  public static Arbitrary<String> files() {
    Arbitrary<String> bases = Arbitraries.oneOf(samples(), CommunityDocuments.document().map(YamlTexts::write));
    return Arbitraries.frequencyOf(
        Tuple.of(8, Combinators.combine(bases, textEdit().list().ofMinSize(1).ofMaxSize(4)).as(YamlTexts::edited)),
        Tuple.of(1, hostileDocuments()));
  }

  private static Arbitrary<String> samples() {
    return Arbitraries.of("minimal.yaml", "full.yaml", "heisenbridge.yaml").map(YamlTexts::sample);
  }

  private static String sample(String file) {
    try {
      return Files.readString(RepoFiles.path("samples", file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(Object document) {
    try {
      return YAML.writeValueAsString(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Arbitrary<TextEdit> textEdit() {
    return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 100_000).withoutEdgeCases(),
        Arbitraries.integers().between(1, 40), Arbitraries.of(TOKENS)).as(TextEdit::new);
  }

  static String edited(String text, List<TextEdit> edits) {
    StringBuilder out = new StringBuilder(text);
    for (TextEdit edit : edits) {
      int at = edit.position() % (out.length() + 1);
      switch (edit.kind()) {
        case INSERT -> out.insert(at, edit.token());
        case DELETE -> out.delete(at, Math.min(out.length(), at + edit.length()));
        case DUPLICATE_LINE -> {
          int start = out.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
          int end = out.indexOf("\n", start);
          String line = out.substring(start, end < 0 ? out.length() : end);
          out.insert(start, line + "\n");
        }
        case CUT -> out.setLength(at);
      }
    }
    return out.toString();
  }

  private static Arbitrary<String> hostileDocuments() {
    String header = "apiVersion: westchat.freedom-messenger.net/v1alpha1\nkind: WestchatCommunity\nmetadata: {name: w}\n";
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "\n", "---", "--- |\n  text", "~", "[]", "42", "\"just a string\"", "\ufeff", "\u0000",
            header, header + "spec:", header + "spec: []", header + "spec: 5", header + "spec: {domain: [a]}",
            "- " + header.replace("\n", "\n  "), header + "---\n" + header, "&a [*a]",
            header + "spec: &s {domain: a.example.org, admins: [{name: a}], rooms: *s}",
            header + "spec: {domain: &d a.example.org, admins: [{name: a}], rules: *d, rooms: [{name: x, topic: *d}]}",
            header + "spec: {domain: a.example.org, admins: [&a {name: a}], moderation: {closedRooms: [{<<: *a, reason: r}]}}",
            header + "spec: {domain: a.example.org, admins: [{name: a}], domain: b.example.org}",
            header + "metadata: {name: [x]}\nspec: {domain: a.example.org, admins: [{name: a}]}",
            header.replace("metadata: {name: w}", "metadata: w") + "spec: {domain: a.example.org, admins: [{name: a}]}",
            header.replace("metadata: {name: w}", "metadata: {name: w, labels: 5, annotations: [a]}")
                + "spec: {domain: a.example.org, admins: [{name: a}]}",
            header + "spec: !!binary aGVsbG8=", header + "spec: {domain: !!float 1, admins: [{name: a}]}"),
        Arbitraries.integers().between(1, 9).map(levels -> header + aliasBomb(levels)),
        Arbitraries.of(60, 1_000, 20_000).map(depth -> header + "spec: " + "[".repeat(depth) + "]".repeat(depth)),
        Arbitraries.of(60, 1_000, 20_000).map(depth -> header + "spec: " + "{a: ".repeat(depth) + "1" + "}".repeat(depth)),
        // past 3 MiB the YAML reader refuses the file clearly, but takes seconds to get there: left out of the run
        Arbitraries.of(1_000, 100_000).map(length -> header + "spec: {domain: " + "a".repeat(length)
            + ".org, admins: [{name: a}]}"));
  }

  /** Each level's list names the previous one nine times: 9^levels strings once expanded. */
  private static String aliasBomb(int levels) {
    StringBuilder yaml = new StringBuilder("spec:\n  l0: &l0 [\"lol\"]\n");
    for (int level = 1; level <= levels; level++) {
      String previous = "*l" + (level - 1);
      yaml.append("  l").append(level).append(": &l").append(level).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, previous))).append("]\n");
    }
    return yaml.toString();
  }
}
