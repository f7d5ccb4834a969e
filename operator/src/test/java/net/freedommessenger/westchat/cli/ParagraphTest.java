package net.freedommessenger.westchat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ParagraphTest {

  @Test
  void shortTextIsOneIndentedLine() {
    assertEquals("  works well\n", Paragraph.wrap("works   well ", "  "));
  }

  @Test
  void longTextBreaksBetweenWordsAndKeepsTheIndent() {
    String word = "x".repeat(45);
    assertEquals("  " + word + " " + word + "\n  " + word + "\n", Paragraph.wrap(word + " " + word + " " + word, "  "));
  }

  @Test
  void aWordLongerThanALineStaysWhole() {
    String word = "y".repeat(120);
    assertEquals("  a\n  " + word + "\n  b\n", Paragraph.wrap("a " + word + " b", "  "));
  }
}
