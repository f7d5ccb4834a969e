package net.freedommessenger.westchat.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import net.freedommessenger.westchat.api.WestchatCommunity;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on a community, one for every action the operator takes on its behalf (an
 * admin made, a room closed, a bridge restarted), so `kubectl describe wcc` tells what happened.
 * Events are a record, not a step of the reconcile: one that cannot be written is logged and the
 * reconcile goes on. Messages must never carry a secret.
 */
public final class CommunityEvents {

  public static final String COMPONENT = "westchat-operator";
  private static final Logger LOG = Logger.getLogger(CommunityEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  public CommunityEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Something the operator did, as planned. */
  public void normal(WestchatCommunity community, String reason, String message) {
    record(community, "Normal", reason, message);
  }

  /** Something that went wrong or needs a human. */
  public void warning(WestchatCommunity community, String reason, String message) {
    record(community, "Warning", reason, message);
  }

  private void record(WestchatCommunity community, String type, String reason, String message) {
    try {
      client.v1().events().inNamespace(community.getMetadata().getNamespace()).resource(event(community, type, reason, message))
          .create();
    } catch (KubernetesClientException e) {
      LOG.warnf("could not record the Event %s (%s) on %s/%s: %s", reason, type, community.getMetadata().getNamespace(),
          community.getMetadata().getName(), e.getMessage());
    }
  }

  Event event(WestchatCommunity community, String type, String reason, String message) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    return new EventBuilder()
        .withNewMetadata()
          // like kubectl's recorder: the object's name and a unique suffix
          .withName(community.getMetadata().getName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
          .withNamespace(community.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
          .withApiVersion(community.getApiVersion())
          .withKind(community.getKind())
          .withName(community.getMetadata().getName())
          .withNamespace(community.getMetadata().getNamespace())
          .withUid(community.getMetadata().getUid())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withSource(new EventSource(COMPONENT, null))
        .withReportingComponent(COMPONENT)
        .withReportingInstance(COMPONENT)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
  }
}
