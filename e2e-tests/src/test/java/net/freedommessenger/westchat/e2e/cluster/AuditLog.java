package net.freedommessenger.westchat.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local cluster's API server audit log: one JSON line per write request (create, update,
 * patch, delete, deletecollection) of any client, at the Metadata level (who, which verb, which
 * object, the response code; no bodies), as {@link LocalCluster} configures it
 * ({@link #POLICY}). Unlike the API server's apiserver_request_total metric, it says which user
 * sent a request, so an operator's own writes can be told from those of kwok, the controllers
 * and the test.
 *
 * <p>The API server writes each event before it answers (the log backend's blocking mode), so a
 * request that has returned is in the file. The file may be rotated (at {@value #MAX_SIZE_MB} MB);
 * the rotated files next to it are read too.
 */
public final class AuditLog {

  /** What the API server audits: write verbs at the Metadata level, nothing else. */
  static final String POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived"]
      rules:
        - level: Metadata
          verbs: ["create", "update", "patch", "delete", "deletecollection"]
        - level: None
      """;
  static final String FILE_PREFIX = "kube-apiserver-audit";
  static final int MAX_SIZE_MB = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One audited write request. */
  public record Write(Instant time, String user, String verb, String group, String resource, String subresource,
      String namespace, String name, int code, String userAgent) {

    /** resource[/subresource] with its API group, as RBAC names it: "deployments.apps", "westchatcommunities.westchat...". */
    public String kind() {
      String plural = group.isEmpty() ? resource : resource + "." + group;
      return subresource.isEmpty() ? plural : plural + "/" + subresource;
    }

    /** "patch deployments.apps ns/name (200)". */
    @Override
    public String toString() {
      return verb + " " + kind() + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + " (" + code + ") at " + time;
    }
  }

  private final Path dir;
  private final String prefix;

  AuditLog(Path dir, String prefix) {
    this.dir = dir;
    this.prefix = prefix;
  }

  /** The active file, for messages. */
  public Path file() {
    return dir.resolve(prefix + ".log");
  }

  /** Every audited write whose answer was sent at or after from (and before until, when not null), oldest first. */
  public List<Write> writes(Instant from, Instant until) {
    return writes(w -> !w.time().isBefore(from) && (until == null || w.time().isBefore(until)));
  }

  /** The writes the user sent at or after from, oldest first. */
  public List<Write> writesBy(String user, Instant from) {
    return writes(w -> user.equals(w.user()) && !w.time().isBefore(from));
  }

  /** Every audited write that matches, oldest first. */
  public List<Write> writes(Predicate<Write> filter) {
    List<Write> writes = new ArrayList<>();
    for (Path file : files()) {
      try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
        lines.map(AuditLog::parse).filter(w -> w != null && filter.test(w)).forEach(writes::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the audit log " + file, e);
      } catch (UncheckedIOException e) {
        // a rotated file removed while read
      }
    }
    writes.sort(Comparator.comparing(Write::time));
    return writes;
  }

  /** Counts by "verb kind" (for example "patch deployments.apps"), sorted. */
  public static Map<String, Long> countByVerbAndKind(List<Write> writes) {
    return writes.stream().collect(Collectors.groupingBy(w -> w.verb() + " " + w.kind(), TreeMap::new, Collectors.counting()));
  }

  /** Counts by verb, sorted. */
  public static Map<String, Long> countByVerb(List<Write> writes) {
    return writes.stream().collect(Collectors.groupingBy(Write::verb, TreeMap::new, Collectors.counting()));
  }

  private List<Path> files() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".log"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line of the log; null for a line the API server is still writing or an event of another stage. */
  static Write parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    JsonNode event;
    try {
      event = JSON.readTree(line);
    } catch (IOException partial) {
      return null;
    }
    if (!"ResponseComplete".equals(event.path("stage").asText()) && !"Panic".equals(event.path("stage").asText())) {
      return null;
    }
    JsonNode object = event.path("objectRef");
    return new Write(
        Instant.parse(event.path("stageTimestamp").asText()),
        event.path("user").path("username").asText(""),
        event.path("verb").asText("").toLowerCase(Locale.ROOT),
        object.path("apiGroup").asText(""),
        object.path("resource").asText(""),
        object.path("subresource").asText(""),
        object.path("namespace").asText(""),
        object.path("name").asText(""),
        event.path("responseStatus").path("code").asInt(0),
        event.path("userAgent").asText(""));
  }
}
