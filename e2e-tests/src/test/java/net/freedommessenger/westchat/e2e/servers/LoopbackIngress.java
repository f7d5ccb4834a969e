package net.freedommessenger.westchat.e2e.servers;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an ingress controller does in the cluster, for Ingress objects the operator renders: one
 * nginx (Debian's package) that serves each Ingress on a loopback address of its own, port 443
 * with TLS for the hosts of the Ingress's tls entries and port 80 for the others, and proxies
 * each rule's paths to the loopback port of the backend Service, with the X-Forwarded headers a
 * controller adds. The certificate for the TLS hosts stands in for the one cert-manager issues.
 *
 * <p>The nginx master runs as root, which binding ports 443 and 80 needs; its workers run as the
 * compiled-in unprivileged user and keep their temporary files in a folder handed to
 * {@link Unprivileged#USER}. Access and error lines go to the log, so a failed test shows which
 * requests arrived. It counts as started when every listener accepts connections.
 */
public final class LoopbackIngress extends ServerProcess {

  public static final String CONFIG_FILE = "nginx.conf";
  public static final int HTTPS_PORT = 443;
  public static final int HTTP_PORT = 80;

  /**
   * One Ingress on one address.
   *
   * @param ingress as the operator renders it
   * @param address the loopback address its hosts resolve to
   * @param servicePorts the loopback port (on 127.0.0.1) of each Service the Ingress names
   * @param certificate for the hosts of its tls entries; null when it has none
   */
  public record Site(Ingress ingress, String address, Map<String, Integer> servicePorts,
      TestCertificateAuthority.Issued certificate) {}

  private final List<InetSocketAddress> listeners;

  private LoopbackIngress(Started started, List<InetSocketAddress> listeners) {
    super("ingress", started);
    this.listeners = listeners;
  }

  public static LoopbackIngress start(Path directory, List<Site> sites) {
    Path temp = directory.resolve("temp");
    Set<InetSocketAddress> listeners = new LinkedHashSet<>();
    try {
      Files.createDirectories(temp);
      Unprivileged.handOver(temp);
      Files.writeString(directory.resolve(CONFIG_FILE), config(temp, sites, listeners));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Started started = launch(new Launch("ingress", List.of("/usr/sbin/nginx", "-p", directory.toString(),
        "-c", directory.resolve(CONFIG_FILE).toString(), "-g", "daemon off;"),
        directory, directory.resolve("ingress.log"), Map.of()), false);
    LoopbackIngress ingress = new LoopbackIngress(started, List.copyOf(listeners));
    ingress.awaitReady(Duration.ofSeconds(30), "connections accepted on " + listeners, ingress::answers);
    return ingress;
  }

  /** nginx.conf for the sites; adds every address and port it listens on to listeners. */
  static String config(Path temp, List<Site> sites, Set<InetSocketAddress> listeners) {
    StringBuilder servers = new StringBuilder();
    for (Site site : sites) {
      Set<String> tlsHosts = new LinkedHashSet<>();
      List<IngressTLS> tls = site.ingress().getSpec().getTls();
      if (tls != null) {
        tls.forEach(entry -> tlsHosts.addAll(entry.getHosts()));
      }
      if (!tlsHosts.isEmpty() && site.certificate() == null) {
        throw new IllegalArgumentException("Ingress " + site.ingress().getMetadata().getName()
            + " has TLS hosts " + tlsHosts + " but no certificate was given for them");
      }
      if (site.certificate() != null && !site.certificate().dnsNames().containsAll(tlsHosts)) {
        throw new IllegalArgumentException("the certificate for Ingress " + site.ingress().getMetadata().getName()
            + " names " + site.certificate().dnsNames() + ", not all of its TLS hosts " + tlsHosts);
      }
      for (IngressRule rule : site.ingress().getSpec().getRules()) {
        boolean https = tlsHosts.contains(rule.getHost());
        int port = https ? HTTPS_PORT : HTTP_PORT;
        listeners.add(new InetSocketAddress(site.address(), port));
        servers.append("  server {\n")
            .append("    listen ").append(site.address()).append(':').append(port).append(https ? " ssl" : "").append(";\n")
            .append("    server_name ").append(rule.getHost()).append(";\n");
        if (https) {
          servers.append("    ssl_certificate ").append(site.certificate().certificate()).append(";\n")
              .append("    ssl_certificate_key ").append(site.certificate().key()).append(";\n");
        }
        boolean root = false;
        for (HTTPIngressPath path : rule.getHttp().getPaths()) {
          String target = "http://127.0.0.1:" + backendPort(site, path.getBackend());
          String value = path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath();
          if ("Exact".equals(path.getPathType())) {
            servers.append(location("= " + value, target));
          } else if ("/".equals(value)) {
            root = true;
            servers.append(location("/", target));
          } else {
            // Prefix matches whole path elements: /a matches /a and /a/b, not /ab
            String prefix = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            servers.append(location("= " + prefix, target)).append(location(prefix + "/", target));
          }
        }
        if (!root) {
          servers.append("    location / { return 404; }\n");
        }
        servers.append("  }\n");
      }
    }
    return """
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log stderr notice;
        events { worker_connections 256; }
        http {
          log_format ingress '$remote_addr $scheme://$host "$request" $status $body_bytes_sent "$http_user_agent"';
          access_log /dev/stdout ingress;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          client_max_body_size 100m;
          proxy_http_version 1.1;
          proxy_read_timeout 120s;
        %2$s}
        """.formatted(temp, servers);
  }

  private static String location(String match, String target) {
    return "    location " + match + " {\n"
        + "      proxy_pass " + target + ";\n"
        + "      proxy_set_header Host $host;\n"
        + "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        + "      proxy_set_header X-Forwarded-Proto $scheme;\n"
        + "    }\n";
  }

  private static int backendPort(Site site, IngressBackend backend) {
    if (backend.getService() == null) {
      throw new IllegalArgumentException("Ingress " + site.ingress().getMetadata().getName()
          + " has a backend that is not a Service: " + backend);
    }
    String service = backend.getService().getName();
    Integer port = site.servicePorts().get(service);
    if (port == null) {
      throw new IllegalArgumentException("Ingress " + site.ingress().getMetadata().getName() + " sends requests to Service "
          + service + ", which has no loopback port here (known: " + site.servicePorts().keySet() + ")");
    }
    return port;
  }

  /** Each address and port the ingress listens on. */
  public List<InetSocketAddress> listeners() {
    return listeners;
  }

  @Override
  protected boolean answers() throws Exception {
    for (InetSocketAddress listener : listeners) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getByName(listener.getHostString()), listener.getPort()), 1000);
      }
    }
    return true;
  }

  /** The host names of the Ingress's rules, in order. */
  public static List<String> hosts(Ingress ingress) {
    List<String> hosts = new ArrayList<>();
    ingress.getSpec().getRules().forEach(rule -> hosts.add(rule.getHost()));
    return hosts;
  }
}
