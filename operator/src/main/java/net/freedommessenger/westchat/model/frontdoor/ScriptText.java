package net.freedommessenger.westchat.model.frontdoor;

import java.util.List;
import java.util.stream.Collectors;

/**
 * JavaScript literals for a script inside an HTML page: any text becomes a string that the script
 * reads back unchanged and that cannot end the string, the line or the script element early.
 */
final class ScriptText {

  private ScriptText() {}

  /**
   * A single-quoted JavaScript string. Quotes and backslashes are escaped; so are every control
   * character, the line and paragraph separators (U+2028, U+2029) and the characters {@code < > &},
   * each as {@code \\uXXXX}, so that {@code </script>} or {@code <!--} in a value stays text.
   */
  static String string(String value) {
    StringBuilder out = new StringBuilder("'");
    value.codePoints().forEach(c -> {
      switch (c) {
        case '\'' -> out.append("\\'");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 || c == '<' || c == '>' || c == '&' || c == '"') {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('\'').toString();
  }

  /** A JavaScript array of strings: ['a', 'b'], or [] when empty. */
  static String strings(List<String> values) {
    return values.stream().map(ScriptText::string).collect(Collectors.joining(", ", "[", "]"));
  }
}
