package net.freedommessenger.westchat.cli;

/** Wraps text at word boundaries, so that long messages keep their indent in a terminal. */
final class Paragraph {

  static final int WIDTH = 100;

  private Paragraph() {}

  /** @return the text on lines of at most {@link #WIDTH} characters (but for longer words), each starting with indent */
  static String wrap(String text, String indent) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.trim().split("\\s+")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      line.append(line.length() > indent.length() ? " " : "").append(word);
    }
    return out.append(line).append('\n').toString();
  }
}
