package net.freedommessenger.westchat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code westchat status [--namespace NS] [NAME]}. */
class StatusRequestTest {

  static Optional<StatusRequest> parse(String... args) {
    return StatusRequest.parse(List.of(args));
  }

  @Test
  void namespaceAndNameMayBeLeftOut() {
    assertEquals(Optional.of(new StatusRequest(null, null)), parse());
    assertEquals(Optional.of(new StatusRequest(null, "westchat")), parse("westchat"));
    assertEquals(Optional.of(new StatusRequest("chat", null)), parse("--namespace", "chat"));
  }

  @Test
  void theNamespaceMayComeBeforeOrAfterTheNameAndWithAnEqualsSign() {
    Optional<StatusRequest> both = Optional.of(new StatusRequest("chat", "westchat"));
    assertEquals(both, parse("--namespace", "chat", "westchat"));
    assertEquals(both, parse("westchat", "--namespace", "chat"));
    assertEquals(both, parse("--namespace=chat", "westchat"));
  }

  @Test
  void anythingElseIsAUsageError() {
    assertEquals(Optional.empty(), parse("one", "two"));
    assertEquals(Optional.empty(), parse("--namespace"));
    assertEquals(Optional.empty(), parse("--namespace", "--all"));
    assertEquals(Optional.empty(), parse("--namespace", "a", "--namespace", "b"));
    assertEquals(Optional.empty(), parse("-n", "chat"));
    assertEquals(Optional.empty(), parse("--namespace="));
  }
}
