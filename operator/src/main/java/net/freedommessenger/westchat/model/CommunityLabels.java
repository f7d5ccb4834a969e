package net.freedommessenger.westchat.model;

import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;

/** The labels every object of a community carries, so kubectl and the operator can find them. */
public final class CommunityLabels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "westchat-operator";

  private CommunityLabels() {}

  /** Labels for the objects of one component (synapse, prosody, ...) of a community. */
  public static Map<String, String> of(WestchatCommunity community, String component) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(NAME, component);
    labels.put(INSTANCE, community.getMetadata().getName());
    labels.put(COMPONENT, component);
    labels.put(PART_OF, "westchat");
    labels.put(MANAGED_BY, MANAGER);
    return labels;
  }

  /** Selects every object the operator manages for any community. */
  public static String managedSelector() {
    return MANAGED_BY + "=" + MANAGER;
  }
}
