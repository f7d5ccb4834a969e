package net.freedommessenger.westchat.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import org.junit.jupiter.api.Test;

class PartAssessmentTest {

  static PartState state(WestchatCommunitySpec spec, Part part) {
    return PartAssessment.fromSpec(spec).stream().filter(s -> s.part() == part).findFirst().orElseThrow();
  }

  @Test
  void aMissingBiboumiImageIsReportedNamingTheField() {
    WestchatCommunitySpec spec = new WestchatCommunitySpec();
    spec.domain = "a.example.org";
    PartState bridges = state(spec, Part.BRIDGES);
    assertEquals("False", bridges.status());
    assertEquals("BiboumiImageMissing", bridges.reason());
    assertTrue(bridges.message().contains("spec.images.biboumi"), bridges.message());
  }
}
