package net.freedommessenger.westchat.model.prosody;

import java.util.Collection;
import java.util.stream.Collectors;

/** Lua literals for prosody.cfg.lua: any text becomes a string Lua reads back unchanged. */
final class LuaText {

  private LuaText() {}

  /**
   * A double-quoted Lua string. Quotes, backslashes and every control character are escaped
   * (control characters as decimal escapes), so no input can end the string or the line early.
   */
  static String string(String value) {
    StringBuilder out = new StringBuilder("\"");
    value.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\%03d", c));
          } else {
            // other characters pass unchanged: the file is UTF-8 and Lua strings hold its bytes as they are
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** A Lua list of strings: { "a", "b" }, or { } when empty. */
  static String strings(Collection<String> values) {
    return values.isEmpty() ? "{ }" : values.stream().map(LuaText::string).collect(Collectors.joining(", ", "{ ", " }"));
  }

  /** A Lua list of numbers. */
  static String numbers(Collection<? extends Number> values) {
    return values.isEmpty() ? "{ }" : values.stream().map(String::valueOf).collect(Collectors.joining(", ", "{ ", " }"));
  }
}
