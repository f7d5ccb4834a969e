package net.freedommessenger.westchat.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One community: a Matrix homeserver, an XMPP server, an IRC server and the bridges between them,
 * all under one domain.
 */
@Group(WestchatCommunity.GROUP)
@Version(WestchatCommunity.VERSION)
@Kind("WestchatCommunity")
@ShortNames("wcc")
@AdditionalPrinterColumn(name = "Domain", jsonPath = ".spec.domain", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class WestchatCommunity extends CustomResource<WestchatCommunitySpec, WestchatCommunityStatus>
    implements Namespaced {

  public static final String GROUP = "westchat.freedom-messenger.net";
  public static final String VERSION = "v1alpha1";
  public static final String CRD_NAME = "westchatcommunities." + GROUP;

  @Override
  @JsonPropertyDescription("What the community wants: its domain, admins, networks, bridges and rooms.")
  public WestchatCommunitySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator observed: conditions per part, endpoints and room addresses. Never holds a secret.")
  public WestchatCommunityStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected WestchatCommunityStatus initStatus() {
    return new WestchatCommunityStatus();
  }
}
