package net.freedommessenger.westchat.monitoring;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator SDK's metrics, on the application's meter registry: reconciles started, succeeded
 * and failed, retries, execution durations and events received, tagged with the controller (one
 * per resource kind) and the namespace, exported at /q/metrics.
 *
 * <p>The extension offers a default bean for this, but it fills it in only when the registry binds
 * it, which is after the SDK has read it; so with the default the SDK records nothing. This bean
 * replaces the default and takes the registry as it is built.
 */
@Singleton
public class ReconcileMetrics {

  @Produces
  @Singleton
  @Unremovable // the extension looks the bean up by type when it starts, which Arc cannot see
  Metrics operatorMetrics(MeterRegistry registry) {
    return MicrometerMetricsV2.newBuilder(registry).withNamespaceAsTag().build();
  }
}
