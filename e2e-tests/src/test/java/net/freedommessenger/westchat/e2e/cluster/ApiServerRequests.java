package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's own count of the requests it served, apiserver_request_total from its
 * /metrics, summed over response codes, scopes and versions. The metric has no label for the
 * user who sent a request, so its deltas are every client's (the operator's, kwok's, the
 * controllers', the test's); {@link AuditLog} tells who.
 */
public final class ApiServerRequests {

  /** The metric's verbs that change something; APPLY is server-side apply (a PATCH of type apply). */
  public static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final String METRIC = "apiserver_request_total{";

  /** A metric series as summed here: the verb on a resource (with its group and subresource). */
  public record Key(String verb, String group, String resource, String subresource) implements Comparable<Key> {
    public boolean isWrite() {
      return WRITE_VERBS.contains(verb);
    }

    /** "PATCH deployments.apps", "PATCH westchatcommunities.westchat.freedom-messenger.net/status". */
    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? resource : resource + "." + group) + (subresource.isEmpty() ? "" : "/" + subresource);
    }

    @Override
    public int compareTo(Key other) {
      return toString().compareTo(other.toString());
    }
  }

  private ApiServerRequests() {}

  /** The counts now (the client needs to read /metrics: an admin's does). */
  public static Map<Key, Long> scrape(KubernetesClient admin) {
    String url = admin.getMasterUrl().toString().replaceAll("/+$", "") + "/metrics";
    return parse(admin.raw(url));
  }

  static Map<Key, Long> parse(String metrics) {
    Map<Key, Long> counts = new HashMap<>();
    for (String line : metrics.split("\n")) {
      if (!line.startsWith(METRIC)) {
        continue;
      }
      int close = line.lastIndexOf('}');
      Map<String, String> labels = new HashMap<>();
      Matcher matcher = LABEL.matcher(line.substring(METRIC.length(), close));
      while (matcher.find()) {
        labels.put(matcher.group(1), matcher.group(2));
      }
      long value = (long) Double.parseDouble(line.substring(close + 1).trim().split("\\s+")[0]);
      Key key = new Key(labels.getOrDefault("verb", ""), labels.getOrDefault("group", ""),
          labels.getOrDefault("resource", ""), labels.getOrDefault("subresource", ""));
      counts.merge(key, value, Long::sum);
    }
    return counts;
  }

  /** What grew from before to after, without the series that did not, sorted. */
  public static Map<Key, Long> delta(Map<Key, Long> before, Map<Key, Long> after) {
    Map<Key, Long> delta = new TreeMap<>();
    after.forEach((key, value) -> {
      long grown = value - before.getOrDefault(key, 0L);
      if (grown > 0) {
        delta.put(key, grown);
      }
    });
    return delta;
  }

  /** Only the write verbs' series. */
  public static Map<Key, Long> writes(Map<Key, Long> counts) {
    Map<Key, Long> writes = new TreeMap<>();
    counts.forEach((key, value) -> {
      if (key.isWrite()) {
        writes.put(key, value);
      }
    });
    return writes;
  }

  /** Summed by verb, sorted. */
  public static Map<String, Long> byVerb(Map<Key, Long> counts) {
    Map<String, Long> byVerb = new TreeMap<>();
    counts.forEach((key, value) -> byVerb.merge(key.verb(), value, Long::sum));
    return byVerb;
  }
}
