package net.freedommessenger.westchat.e2e.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * When this JVM first saw each object of the watched kinds in any namespace (an informer per kind,
 * so no polling loads the API server): the time its watch event arrived, by kind, namespace and
 * name, and for which UID, so that an object deleted and made again counts from its new UID.
 */
final class FirstSeen implements AutoCloseable {

  /** The object with this UID was first seen at nanos (System.nanoTime). */
  record Seen(String uid, long nanos) {}

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

  /** Watches every kind of the objects (by apiVersion and kind), and returns once each informer has listed. */
  static FirstSeen watch(KubernetesClient client, Collection<? extends HasMetadata> kindsOf) {
    FirstSeen firstSeen = new FirstSeen();
    Set<List<String>> kinds = new java.util.TreeSet<>(java.util.Comparator.comparing(Object::toString));
    kindsOf.forEach(o -> kinds.add(List.of(o.getApiVersion(), o.getKind())));
    for (List<String> kind : kinds) {
      SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(kind.get(0), kind.get(1))
          .inAnyNamespace().runnableInformer(0);
      informer.addEventHandler(firstSeen.handler());
      firstSeen.informers.add(informer);
    }
    for (SharedIndexInformer<GenericKubernetesResource> informer : firstSeen.informers) {
      try {
        informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("an informer of the benchmark did not start: " + e, e);
      }
    }
    return firstSeen;
  }

  private ResourceEventHandler<GenericKubernetesResource> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource object) {
        record(object);
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
        record(after);
      }

      @Override
      public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
        // a deletion is not a sighting
      }
    };
  }

  private void record(HasMetadata object) {
    long now = System.nanoTime();
    String uid = object.getMetadata().getUid();
    seen.compute(key(object), (key, before) -> before != null && before.uid().equals(uid) ? before : new Seen(uid, now));
  }

  static String key(HasMetadata object) {
    return key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }

  Optional<Seen> of(String key) {
    return Optional.ofNullable(seen.get(key));
  }

  /**
   * Waits until every object has been seen at or after since (nanoTime); returns when the last of
   * them was, or empty after the timeout.
   */
  Optional<Long> awaitAll(Collection<? extends HasMetadata> objects, long since, Duration timeout) {
    List<String> keys = objects.stream().map(FirstSeen::key).toList();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long last = Long.MIN_VALUE;
      boolean all = true;
      for (String key : keys) {
        Seen s = seen.get(key);
        if (s == null || s.nanos() < since) {
          all = false;
          break;
        }
        last = Math.max(last, s.nanos());
      }
      if (all) {
        return Optional.of(last);
      }
      sleep(2);
    }
    return Optional.empty();
  }

  /** The objects not seen (since the nanoTime), for a report. */
  List<String> missing(Collection<? extends HasMetadata> objects, long since) {
    return objects.stream().map(FirstSeen::key).filter(k -> seen.get(k) == null || seen.get(k).nanos() < since).toList();
  }

  /** Waits until the object is seen with a UID other than before; returns when, or empty after the timeout. */
  Optional<Long> awaitNewUid(String key, String before, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Seen s = seen.get(key);
      if (s != null && !s.uid().equals(before)) {
        return Optional.of(s.nanos());
      }
      sleep(2);
    }
    return Optional.empty();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
