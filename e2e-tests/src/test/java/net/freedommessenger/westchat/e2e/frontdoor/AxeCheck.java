package net.freedommessenger.westchat.e2e.frontdoor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * axe-core (the install script's web part) run in the browser on the page it shows: the rules it
 * finds broken, each with its impact (minor, moderate, serious, critical) and how many elements.
 */
record AxeCheck(String page, List<Violation> violations) {

  record Violation(String rule, String impact, int elements, String first) {}

  static final List<String> IMPACTS = List.of("critical", "serious", "moderate", "minor");

  static AxeCheck run(RemoteWebDriver browser, String page) throws Exception {
    browser.executeScript(Files.readString(TestEnvironment.axeScript()));
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    Object answer = browser.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then(r => done(JSON.stringify(r.violations.map(v => ({rule: v.id, impact: v.impact, elements: v.nodes.length, first: String(v.nodes[0]?.target ?? '')})))))
          .catch(e => done(JSON.stringify({error: String(e)})));
        """);
    JsonNode json = new ObjectMapper().readTree(String.valueOf(answer));
    if (json.has("error")) {
      throw new AssertionError("axe-core failed on " + page + ": " + json.path("error").asText());
    }
    List<Violation> violations = new ArrayList<>();
    for (JsonNode v : json) {
      violations.add(new Violation(v.path("rule").asText(), v.path("impact").asText("none"), v.path("elements").asInt(),
          v.path("first").asText()));
    }
    return new AxeCheck(page, violations);
  }

  /** Violated rules by impact, every impact listed. */
  Map<String, Long> countsByImpact() {
    Map<String, Long> counts = new TreeMap<>();
    IMPACTS.forEach(i -> counts.put(i, violations.stream().filter(v -> v.impact().equals(i)).count()));
    return counts;
  }

  List<Violation> seriousOrWorse() {
    return violations.stream().filter(v -> v.impact().equals("serious") || v.impact().equals("critical")).toList();
  }

  String summary() {
    Map<String, Long> counts = countsByImpact();
    return String.format("axe-core %s: %d critical, %d serious, %d moderate, %d minor%s", page, counts.get("critical"),
        counts.get("serious"), counts.get("moderate"), counts.get("minor"), violations.isEmpty() ? "" : " " + violations);
  }
}
