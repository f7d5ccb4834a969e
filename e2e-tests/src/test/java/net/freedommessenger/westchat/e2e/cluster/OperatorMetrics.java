package net.freedommessenger.westchat.e2e.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's Prometheus text from /q/metrics (JOSDK's Micrometer metrics, for example
 * operator_sdk_reconciliations_success_total{controller_name="westchatcommunity",namespace="ns"}),
 * read by the end of a series' name and its labels.
 */
public final class OperatorMetrics {

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;

  private OperatorMetrics(String text) {
    this.text = text;
  }

  /** The operator's metrics now; empty when it does not answer. */
  public static OperatorMetrics of(OperatorUnderTest operator) {
    OperatorUnderTest.Response response = operator.get("/q/metrics");
    return new OperatorMetrics(response.statusCode() == 200 ? response.body() : "");
  }

  /**
   * The sum over every series whose name ends with the suffix (such as "reconciliations_success_total")
   * and whose labels include the given ones.
   */
  public double sum(String nameSuffix, Map<String, String> labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int brace = line.indexOf('{');
      int close = line.lastIndexOf('}');
      String name = brace < 0 ? line.split("\\s+")[0] : line.substring(0, brace);
      if (!name.endsWith(nameSuffix)) {
        continue;
      }
      Map<String, String> present = new HashMap<>();
      if (brace >= 0) {
        Matcher matcher = LABEL.matcher(line.substring(brace + 1, close));
        while (matcher.find()) {
          present.put(matcher.group(1), matcher.group(2));
        }
      }
      if (!present.entrySet().containsAll(labels.entrySet())) {
        continue;
      }
      String value = (brace < 0 ? line.substring(name.length()) : line.substring(close + 1)).trim().split("\\s+")[0];
      sum += Double.parseDouble(value);
    }
    return sum;
  }

  public double sum(String nameSuffix) {
    return sum(nameSuffix, Map.of());
  }

  /** Reconciles that ended, with success or failure (in a namespace, or all when it is null). */
  public double reconcilesEnded(String namespace) {
    Map<String, String> labels = namespace == null ? Map.of() : Map.of("namespace", namespace);
    return sum("reconciliations_success_total", labels) + sum("reconciliations_failed_total", labels);
  }

  public String text() {
    return text;
  }
}
