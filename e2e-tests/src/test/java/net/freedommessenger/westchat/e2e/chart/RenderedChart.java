package net.freedommessenger.westchat.e2e.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The objects helm template rendered, parsed into fabric8 types (unknown kinds stay generic). */
public final class RenderedChart {

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final String yaml;
  private final List<HasMetadata> objects;

  private RenderedChart(String yaml, List<HasMetadata> objects) {
    this.yaml = yaml;
    this.objects = objects;
  }

  public static RenderedChart parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      boolean onlyComments = document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
      if (!onlyComments) {
        objects.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return new RenderedChart(yaml, List.copyOf(objects));
  }

  public String yaml() {
    return yaml;
  }

  public List<HasMetadata> objects() {
    return objects;
  }

  public <T extends HasMetadata> List<T> ofType(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public List<String> kinds() {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  public Deployment deployment() {
    List<Deployment> deployments = ofType(Deployment.class);
    if (deployments.size() != 1) {
      throw new IllegalStateException("the chart rendered " + deployments.size() + " Deployments");
    }
    return deployments.get(0);
  }

  public Container operatorContainer() {
    return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The operator container's environment variables that have a plain value. */
  public Map<String, String> operatorEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (EnvVar variable : operatorContainer().getEnv()) {
      if (variable.getValue() != null) {
        environment.put(variable.getName(), variable.getValue());
      }
    }
    return environment;
  }

  /** The rules for communities' namespaces: the main ClusterRole's, or those of the first Role. */
  public List<PolicyRule> namespacedRules() {
    List<Role> roles = ofType(Role.class);
    if (!roles.isEmpty()) {
      return roles.get(0).getRules();
    }
    return ofType(ClusterRole.class).stream().filter(r -> !r.getMetadata().getName().endsWith("-crd")).findFirst()
        .orElseThrow(() -> new IllegalStateException("the chart rendered neither a Role nor the main ClusterRole"))
        .getRules();
  }

  /** The rules of the ClusterRole that reads the CRD. */
  public List<PolicyRule> crdRules() {
    return ofType(ClusterRole.class).stream().filter(r -> r.getMetadata().getName().endsWith("-crd")).findFirst()
        .orElseThrow(() -> new IllegalStateException("the chart rendered no CRD-reading ClusterRole")).getRules();
  }

  /** One verb on one resource of one API group: rules flattened, for comparisons. */
  public record Grant(String apiGroup, String resource, String verb) implements Comparable<Grant> {
    @Override
    public int compareTo(Grant other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      return verb + " " + resource + (apiGroup.isEmpty() ? "" : "." + apiGroup);
    }
  }

  public static Set<Grant> grants(List<PolicyRule> rules) {
    Set<Grant> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(new Grant(group, resource, verb));
          }
        }
      }
    }
    return grants;
  }
}
