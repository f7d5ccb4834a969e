package net.freedommessenger.westchat.cli;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.status.Part;

/**
 * A community's status in words a community admin understands: for each part whether it works,
 * is starting or does not work, and what to do; then its rooms. Reads only the object, so the
 * same object gives the same text.
 */
public final class CommunityReport {

  static final String NO_STATUS = "No status yet: the operator has not looked at it yet: is it running?";
  static final String OVERALL = "Overall";
  private static final int LABEL_WIDTH = 10;
  private static final String INDENT = " ".repeat(LABEL_WIDTH);

  private CommunityReport() {}

  public static String describe(WestchatCommunity community) {
    String name = community.getMetadata().getName();
    String domain = community.getSpec() == null ? "<domain>" : community.getSpec().domain;
    StringBuilder out = new StringBuilder("Community " + name + " (" + domain + ") in namespace "
        + community.getMetadata().getNamespace() + "\n\n");
    WestchatCommunityStatus status = community.getStatus();
    if (status == null || status.conditions == null || status.conditions.isEmpty()) {
      return out.append(Paragraph.wrap(NO_STATUS, "")).toString();
    }
    catchUpNote(community.getMetadata().getGeneration(), status.conditions)
        .ifPresent(note -> out.append(Paragraph.wrap(note, "")).append('\n'));
    Map<String, CommunityCondition> conditions = status.conditions.stream().filter(c -> c.type != null)
        .collect(Collectors.toMap(c -> c.type, Function.identity(), (first, second) -> first));
    out.append(overall(conditions, name, domain));
    boolean roomsListed = status.rooms != null && !status.rooms.isEmpty();
    for (Part part : Part.values()) {
      // the rooms are listed one by one below; the condition's message would repeat them in one line
      boolean withDetails = !(part == Part.ROOMS && roomsListed);
      out.append(part(part.conditionType(), conditions.get(part.conditionType()), name, domain, withDetails));
    }
    return out.append(RoomsReport.describe(status)).toString();
  }

  /** What the exit code of {@code westchat status} follows. */
  public static boolean isReady(WestchatCommunity community) {
    WestchatCommunityStatus status = community.getStatus();
    return status != null && status.conditions != null && status.conditions.stream()
        .anyMatch(c -> Part.READY.equals(c.type) && "True".equals(c.status));
  }

  private static Optional<String> catchUpNote(Long generation, List<CommunityCondition> conditions) {
    Optional<Long> oldest = conditions.stream().map(c -> c.observedGeneration).filter(Objects::nonNull).min(Long::compare);
    if (generation == null || oldest.isEmpty() || oldest.get() >= generation) {
      return Optional.empty();
    }
    return Optional.of("The operator has not caught up with your latest change yet: what follows is the state of "
        + "version " + oldest.get() + " of the settings, and the latest is version " + generation + ". Wait a moment and "
        + "look again; if this lasts, check that the operator is running.");
  }

  /** Ready lists the parts by their reason words; the admin gets the parts' names and reads the lines below. */
  private static String overall(Map<String, CommunityCondition> conditions, String name, String domain) {
    CommunityCondition ready = conditions.get(Part.READY);
    if (ready == null || !Stream.of(PartVerdict.PARTS_PENDING, "PartsFailing").anyMatch(r -> r.equals(ready.reason))) {
      return part(OVERALL, ready, name, domain, true);
    }
    String notWorking = partsJudged(conditions, PartVerdict.NOT_WORKING);
    String starting = partsJudged(conditions, PartVerdict.STARTING);
    String summary = (notWorking.isEmpty() ? "" : "Does not work: " + notWorking + ". ")
        + (starting.isEmpty() ? "" : "Still starting: " + starting + ". ") + "See below.";
    return label(OVERALL, PartVerdict.of(ready)) + Paragraph.wrap(summary, INDENT);
  }

  private static String partsJudged(Map<String, CommunityCondition> conditions, PartVerdict verdict) {
    return Stream.of(Part.values()).map(Part::conditionType)
        .filter(type -> PartVerdict.of(conditions.get(type)) == verdict).collect(Collectors.joining(", "));
  }

  private static String part(String label, CommunityCondition condition, String name, String domain, boolean withDetails) {
    PartVerdict verdict = PartVerdict.of(condition);
    StringBuilder out = new StringBuilder(label(label, verdict));
    if (condition == null) {
      return out.append(Paragraph.wrap("The operator has not reported on this yet.", INDENT)).toString();
    }
    Optional<String> advice = ConditionAdvice.of(condition, name, domain);
    if (verdict == PartVerdict.WORKS) {
      // a working part has advice only when it could work better: the self-signed certificate
      advice.ifPresent(a -> out.append(Paragraph.wrap(a, INDENT)));
    } else if (verdict != PartVerdict.SWITCHED_OFF) {
      advice.ifPresent(a -> out.append(Paragraph.wrap(a, INDENT)));
      if (withDetails && condition.message != null && !condition.message.isBlank()) {
        out.append(Paragraph.wrap("Details: " + condition.message, INDENT));
      }
    }
    return out.toString();
  }

  private static String label(String label, PartVerdict verdict) {
    return String.format("%-" + LABEL_WIDTH + "s%s", label, verdict.words) + "\n";
  }
}
