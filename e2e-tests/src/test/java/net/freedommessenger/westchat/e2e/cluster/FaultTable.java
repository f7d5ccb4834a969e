package net.freedommessenger.westchat.e2e.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of the fault runs, one row per kind of fault: how many runs, how many converged to
 * Ready, how many Secret values changed, how many rooms were made twice, and the time from the
 * fault to Ready.
 */
final class FaultTable {

  record Run(boolean converged, int secretsChanged, int duplicateRooms, Duration toReady) {}

  private final Map<String, List<Run>> runs = new LinkedHashMap<>();

  synchronized void add(String fault, Run run) {
    runs.computeIfAbsent(fault, f -> new ArrayList<>()).add(run);
  }

  synchronized List<Run> all() {
    return runs.values().stream().flatMap(List::stream).toList();
  }

  synchronized String markdown() {
    StringBuilder out = new StringBuilder(
        "| fault | runs | converged | secrets changed | rooms made twice | fault → Ready p50 | max |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    runs.forEach((fault, list) -> {
      List<Long> times = list.stream().filter(Run::converged).map(r -> r.toReady().toMillis()).sorted().toList();
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s |%n", fault, list.size(),
          times.size(), list.stream().mapToInt(Run::secretsChanged).sum(),
          list.stream().mapToInt(Run::duplicateRooms).sum(),
          times.isEmpty() ? "-" : seconds(times.get((times.size() - 1) / 2)),
          times.isEmpty() ? "-" : seconds(times.get(times.size() - 1))));
    });
    return out.toString();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
