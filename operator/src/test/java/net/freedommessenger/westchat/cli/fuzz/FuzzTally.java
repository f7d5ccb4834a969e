package net.freedommessenger.westchat.cli.fuzz;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Counts what a fuzz property did, and prints it as one line with the time from its first try to its last. */
public final class FuzzTally {

  private final String what;
  private long firstTry;
  private long lastTry;
  private final Map<Outcome, Integer> outcomes = new TreeMap<>();
  private final Map<String, Integer> refusedFields = new TreeMap<>();

  public FuzzTally(String what) {
    this.what = what;
  }

  public synchronized void count(Outcome outcome) {
    lastTry = System.nanoTime();
    if (outcomes.isEmpty()) {
      firstTry = lastTry;
    }
    outcomes.merge(outcome, 1, Integer::sum);
  }

  /** Each field once per file, indices dropped, so spec.admins[0].name and spec.admins[3].name count as one. */
  public synchronized void refusedAt(Collection<String> paths) {
    paths.stream().map(path -> path.replaceAll("\\[\\d+\\]", "[]")).distinct()
        .forEach(field -> refusedFields.merge(field, 1, Integer::sum));
  }

  public synchronized String summary() {
    int tried = outcomes.values().stream().mapToInt(Integer::intValue).sum();
    String counts = outcomes.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().words)
        .collect(Collectors.joining(", "));
    String fields = refusedFields.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(8).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    return String.format("fuzz: %d %s tried in %.1f s: %s%s", tried, what, (lastTry - firstTry) / 1e9, counts,
        fields.isEmpty() ? "" : "; files refused by field (most often): " + fields);
  }

  public enum Outcome {
    ACCEPTED("accepted and rendered"),
    REFUSED("refused with field errors"),
    UNREADABLE("refused as unreadable YAML");

    final String words;

    Outcome(String words) {
      this.words = words;
    }
  }
}
