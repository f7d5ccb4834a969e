package net.freedommessenger.westchat.e2e.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.chart.RenderedChart.Grant;
import net.freedommessenger.westchat.reconciler.WestchatCommunityReconciler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC rules are exactly what the operator's workflow and reconciler use: a dependent
 * of a new kind without its rule, or a rule nothing uses, fails here with the difference. (The
 * cluster tier then shows each verb is needed by taking it away: ChartRbacIsLeastPrivilegeTest.)
 */
class ChartRbacMatchesWorkflowTest {

  static Helm helm;

  @BeforeAll
  static void helm() {
    helm = Helm.create();
  }

  @AfterAll
  static void close() {
    helm.close();
  }

  /**
   * What each dependent of the workflow needs: its informer lists and watches the kind; server-side
   * apply creates and changes objects, which takes patch, and create for a new object (without it:
   * create, and update to replace); a dependent that can be deleted (when its part is switched off)
   * takes delete.
   */
  static Set<Grant> workflowGrants() {
    Set<Grant> grants = new TreeSet<>();
    Workflow workflow = WestchatCommunityReconciler.class.getAnnotation(Workflow.class);
    for (Dependent dependent : workflow.dependents()) {
      Object instance = instantiate(dependent.type());
      Class<? extends HasMetadata> kind = ((KubernetesDependentResource<?, ?>) instance).resourceType();
      String group = HasMetadata.getGroup(kind);
      String resource = HasMetadata.getPlural(kind);
      boolean serverSideApply = appliesServerSide(dependent.type(), kind);
      grants.add(new Grant(group, resource, "list"));
      grants.add(new Grant(group, resource, "watch"));
      if (instance instanceof Creator) {
        grants.add(new Grant(group, resource, "create"));
        if (serverSideApply) {
          grants.add(new Grant(group, resource, "patch"));
        }
      }
      if (instance instanceof Updater) {
        grants.add(new Grant(group, resource, serverSideApply ? "patch" : "update"));
      }
      if (instance instanceof Deleter) {
        grants.add(new Grant(group, resource, "delete"));
      }
    }
    return grants;
  }

  /**
   * As the operator SDK decides it (server-side apply is on in the extension's configuration): a
   * dependent's own useSSA setting, else server-side apply for every kind but those the SDK leaves
   * out by default (ConfigMaps and Secrets), which it creates and replaces instead.
   */
  static boolean appliesServerSide(Class<?> dependentType, Class<? extends HasMetadata> kind) {
    KubernetesDependent annotation = dependentType.getAnnotation(KubernetesDependent.class);
    BooleanWithUndefined configured = annotation == null ? BooleanWithUndefined.UNDEFINED : annotation.useSSA();
    if (configured != BooleanWithUndefined.UNDEFINED) {
      return configured == BooleanWithUndefined.TRUE;
    }
    return !new BaseConfigurationService().defaultNonSSAResources().contains(kind);
  }

  /** What the reconciler does beyond its dependents. */
  static Set<Grant> reconcilerGrants() {
    String group = HasMetadata.getGroup(WestchatCommunity.class);
    String plural = HasMetadata.getPlural(WestchatCommunity.class);
    return Set.of(
        // the informer of the primary resource
        new Grant(group, plural, "list"),
        new Grant(group, plural, "watch"),
        // the status, written by server-side apply on the status subresource
        new Grant(group, plural + "/status", "patch"),
        // a Secret the user names (an external database's) is read when it is needed, without an informer
        new Grant(HasMetadata.getGroup(Secret.class), HasMetadata.getPlural(Secret.class), "get"),
        // an Event for every action taken as the community's admin or healer
        new Grant("", "events", "create"),
        // the pods of a bridge that stays not Ready, read to say why (healing.BridgeHealer)
        new Grant("", "pods", "list"));
  }

  @Test
  void namespacedRulesAreWhatTheWorkflowAndReconcilerUse() {
    Set<Grant> expected = new TreeSet<>(workflowGrants());
    expected.addAll(reconcilerGrants());
    for (String[] mode : List.of(new String[0], new String[] {"watchNamespaces={team-a,team-b}"})) {
      RenderedChart chart = RenderedChart.parse(helm.template("westchat-operator", "westchat-system", mode));
      Set<Grant> granted = RenderedChart.grants(chart.namespacedRules());
      Set<Grant> missing = new TreeSet<>(expected);
      missing.removeAll(granted);
      Set<Grant> unused = new TreeSet<>(granted);
      unused.removeAll(expected);
      assertEquals(Set.of(), missing, "the operator uses these, the chart does not grant them (add rules to "
          + "charts/westchat-operator/templates/_rules.tpl)" + describe(mode));
      assertEquals(Set.of(), unused, "the chart grants these, the operator does not use them" + describe(mode));
    }
  }

  @Test
  void theCrdRuleReadsOnlyTheOperatorsCrd() {
    RenderedChart chart = RenderedChart.parse(helm.template("westchat-operator", "westchat-system"));
    List<PolicyRule> rules = chart.crdRules();
    assertEquals(1, rules.size(), rules.toString());
    assertEquals(Set.of(new Grant("apiextensions.k8s.io", "customresourcedefinitions", "get")),
        RenderedChart.grants(rules));
    assertEquals(List.of(WestchatCommunity.CRD_NAME), rules.get(0).getResourceNames());
  }

  private static String describe(String[] mode) {
    return mode.length == 0 ? " (cluster-wide)" : " (" + String.join(", ", mode) + ")";
  }

  private static Object instantiate(Class<?> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create the dependent " + type.getName() + " to read its kind", e);
    }
  }
}
