package net.freedommessenger.westchat.e2e.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a client of one real API server, started on first use and stopped when the test
 * JVM's JUnit run ends. Use with {@code @ExtendWith(ApiServerExtension.class)}.
 */
public class ApiServerExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ApiServerExtension.class);

  public static ApiServer apiServer(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("api-server", key -> new ClosingApiServer(ApiServer.start()), ClosingApiServer.class)
        .apiServer();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == ApiServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ApiServer server = apiServer(context);
    return parameter.getParameter().getType() == ApiServer.class ? server : server.client();
  }

  /** Lets JUnit stop the server with the root context. */
  record ClosingApiServer(ApiServer apiServer) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      apiServer.close();
    }
  }
}
