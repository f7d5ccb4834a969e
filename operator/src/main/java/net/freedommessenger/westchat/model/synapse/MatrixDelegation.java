package net.freedommessenger.westchat.model.synapse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.model.frontdoor.FrontPage;
import net.freedommessenger.westchat.model.frontdoor.WebChat;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.ProsodySite;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.workload.ComponentObjects;
import net.freedommessenger.westchat.model.workload.ContainerResources;
import net.freedommessenger.westchat.model.workload.PodSecurity;

/**
 * The Matrix delegation files at https://&lt;domain&gt;/.well-known/matrix/{server,client}, which
 * send servers and clients to matrix.&lt;domain&gt;:443. Synapse's own answer would name
 * &lt;domain&gt;:443 (it assumes the bare domain routes to it), so a small nginx serves them; the
 * same nginx serves the community's front page at https://&lt;domain&gt;/ and its web chat, whose
 * XMPP WebSocket it passes on to Prosody.
 */
public final class MatrixDelegation {

  public static final String COMPONENT = "matrix-delegation";
  public static final String CONFIG_FILE = "nginx.conf";
  public static final int PORT = 8080;
  /** Where the image ({@link Images#FRONT_DOOR}) keeps Converse.js' dist folder; an image without it serves the chat page without its program. */
  public static final String CONVERSE_DIR = "/usr/share/converse.js/dist";
  /** The uid nginx runs as in the front-door image, as in NGINX's unprivileged image. */
  static final long UID = 101;
  static final ContainerResources DEFAULT_RESOURCES = new ContainerResources("10m", "16Mi", null, "64Mi");
  private static final ObjectMapper JSON = new ObjectMapper();

  private MatrixDelegation() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-matrix-delegation";
  }

  /** What https://&lt;domain&gt;/.well-known/matrix/server answers. */
  public static String serverFile(WestchatCommunitySpec spec) {
    return json(Map.of("m.server", new CommunityHosts(spec.domain).matrixHost() + ":443"));
  }

  /** What https://&lt;domain&gt;/.well-known/matrix/client answers. */
  public static String clientFile(WestchatCommunitySpec spec) {
    return json(Map.of("m.homeserver", Map.of("base_url", new CommunityHosts(spec.domain).matrixBaseUrl())));
  }

  /**
   * Where one delegation nginx runs and what it serves besides the delegation files.
   *
   * @param listen nginx's listen argument: a port, or address:port
   * @param pageRoot the folder of the front page and web chat files ({@link #pageFiles})
   * @param converseRoot the folder of Converse.js' files (its dist folder), served at
   *     {@value WebChat#ASSETS_PATH}; null serves none
   * @param xmppWebSocket host:port of Prosody's HTTP port, where {@value WebChat#WEBSOCKET_PATH} is
   *     passed on; null passes nothing on
   */
  public record Site(String listen, String pageRoot, String converseRoot, String xmppWebSocket) {

    /** In the pod: the ConfigMap at /config, Converse.js in the image, and Prosody's HTTP Service when XMPP runs. */
    public static Site inCluster(WestchatCommunity community) {
      return new Site(String.valueOf(PORT), "/config", CONVERSE_DIR, community.getSpec().xmpp.enabled
          ? ProsodyObjects.name(community) + ":" + ProsodySite.HTTP_PORT : null);
    }
  }

  /** The delegation files and pages alone, where the page files are in /config: no web chat files, no WebSocket. */
  public static String nginxConfig(WestchatCommunitySpec spec, String listen) {
    return nginxConfig(spec, listen, "/config");
  }

  /** The delegation files and pages alone, with the page files in pageRoot: no web chat files, no WebSocket. */
  public static String nginxConfig(WestchatCommunitySpec spec, String listen, String pageRoot) {
    return nginxConfig(spec, new Site(listen, pageRoot, null, null));
  }

  /**
   * nginx.conf serving both files with the JSON type and the CORS header web clients need, and the
   * community's front page ({@link FrontPage}) from pageRoot: at / in the language the browser asks
   * for first (German or English), at /de/ and /en/ in either; with XMPP, the web chat
   * ({@link WebChat}) at /en/chat/ and /de/chat/, Converse.js' files and the XMPP WebSocket as the
   * site says. Everything writable lives in /tmp, so the root file system can stay read-only.
   */
  public static String nginxConfig(WestchatCommunitySpec spec, Site site) {
    StringBuilder webChat = new StringBuilder();
    if (WebChat.offered(spec)) {
      webChat.append("""
              location ~ ^/(en|de)/chat/$ {
                rewrite ^/(en|de)/chat/$ /chat.$1.html last;
              }
          """);
      if (WebChat.guestsWelcome(spec)) {
        webChat.append("""
                location ~ ^/(en|de)/chat/guest/$ {
                  rewrite ^/(en|de)/chat/guest/$ /chat-guest.$1.html last;
                }
            """);
      }
      // the pages themselves only through the addresses above
      webChat.append("""
              location ~ ^/chat%s\\.(en|de)\\.html$ {
                internal;
                default_type text/html;
                charset utf-8;
              }
          """.formatted(WebChat.guestsWelcome(spec) ? "(-guest)?" : ""));
      if (site.converseRoot() != null) {
        webChat.append("""
                location %s {
                  alias %s/;
                  types {
                    text/javascript js;
                    text/css css;
                    application/json json map;
                    application/wasm wasm;
                    image/svg+xml svg;
                    image/png png;
                    image/x-icon ico;
                    font/ttf ttf;
                    audio/mpeg mp3;
                    audio/ogg ogg;
                  }
                  default_type application/octet-stream;
                  charset utf-8;
                  charset_types text/javascript text/css application/json;
                }
            """.formatted(WebChat.ASSETS_PATH, site.converseRoot()));
      }
      if (site.xmppWebSocket() != null) {
        // Prosody answers the WebSocket on the community's own host; TLS ends before this nginx
        webChat.append("""
                location = %s {
                  proxy_pass http://%s%s;
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection "upgrade";
                  proxy_set_header Host %s;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_read_timeout 15m;
                  proxy_send_timeout 15m;
                }
            """.formatted(WebChat.WEBSOCKET_PATH, site.xmppWebSocket(), WebChat.WEBSOCKET_PATH, spec.domain));
      }
    }
    return """
        worker_processes 1;
        pid /tmp/nginx.pid;
        error_log stderr warn;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path /tmp/client_body;
          proxy_temp_path /tmp/proxy;
          fastcgi_temp_path /tmp/fastcgi;
          uwsgi_temp_path /tmp/uwsgi;
          scgi_temp_path /tmp/scgi;
          map $http_accept_language $page_language {
            default en;
            ~*^de de;
          }
          server {
            listen %s;
            root %s;
            location = / {
              add_header Vary Accept-Language always;
              rewrite ^ /index.$page_language.html last;
            }
            location = /en/ {
              rewrite ^ /index.en.html last;
            }
            location = /de/ {
              rewrite ^ /index.de.html last;
            }
            location ~ ^/index\\.(en|de)\\.html$ {
              internal;
              default_type text/html;
              charset utf-8;
            }
        %s    location = /.well-known/matrix/server {
              default_type application/json;
              add_header Access-Control-Allow-Origin "*" always;
              return 200 '%s';
            }
            location = /.well-known/matrix/client {
              default_type application/json;
              add_header Access-Control-Allow-Origin "*" always;
              return 200 '%s';
            }
            location = /healthz {
              default_type text/plain;
              return 200 'ok';
            }
            location / {
              return 404;
            }
          }
        }
        """.formatted(site.listen(), site.pageRoot(), webChat, serverFile(spec), clientFile(spec));
  }

  /** nginx.conf and the front page in each language. */
  public static Map<String, String> configFiles(WestchatCommunity community) {
    Map<String, String> files = new TreeMap<>(pageFiles(community));
    files.put(CONFIG_FILE, nginxConfig(community.getSpec(), Site.inCluster(community)));
    return files;
  }

  /** The front page and, with XMPP, the web chat in each language, by file name. */
  public static Map<String, String> pageFiles(WestchatCommunity community) {
    Map<String, String> files = new TreeMap<>();
    for (FrontPage.Language language : FrontPage.Language.values()) {
      files.put(language.fileName(), FrontPage.html(community.getMetadata().getName(), community.getSpec(), language));
      for (WebChat.Visitor visitor : WebChat.visitors(community.getSpec())) {
        files.put(WebChat.fileName(visitor, language),
            WebChat.html(community.getMetadata().getName(), community.getSpec(), visitor, language));
      }
    }
    return files;
  }

  public static ConfigMap configMap(WestchatCommunity community) {
    return ComponentObjects.configMap(community, COMPONENT, name(community), configFiles(community));
  }

  public static Service service(WestchatCommunity community) {
    return ComponentObjects.service(community, COMPONENT, name(community), "http", PORT);
  }

  public static Deployment deployment(WestchatCommunity community) {
    PodSpec pod = new PodSpecBuilder()
        .withSecurityContext(PodSecurity.pod(UID))
        .addToContainers(new ContainerBuilder()
            .withName("nginx")
            .withImage(image(community))
            .withCommand(command(community))
            .addNewPort().withName("http").withContainerPort(PORT).endPort()
            .withNewReadinessProbe()
              .withNewHttpGet().withPath("/healthz").withPort(new IntOrString(PORT)).endHttpGet()
            .endReadinessProbe()
            .withResources(DEFAULT_RESOURCES.with(null))
            .withSecurityContext(PodSecurity.container())
            .addNewVolumeMount().withName("config").withMountPath("/config").withReadOnly(true).endVolumeMount()
            .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
            .build())
        .addNewVolume().withName("config").withNewConfigMap().withName(name(community)).endConfigMap().endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .build();
    return ComponentObjects.deployment(community, COMPONENT, name(community), configFiles(community), "RollingUpdate", pod);
  }

  /**
   * nginx looks up the Prosody Service's name once, when it starts, and exits if the cluster's DNS
   * does not know it yet (it may lag the Service by seconds): with the web chat's WebSocket the
   * container waits for the name first, at most a minute, instead of starting with a crash.
   */
  public static List<String> command(WestchatCommunity community) {
    String nginx = "nginx -c /config/" + CONFIG_FILE + " -g 'daemon off;'";
    String webSocket = Site.inCluster(community).xmppWebSocket();
    if (!WebChat.offered(community.getSpec()) || webSocket == null) {
      return List.of("nginx", "-c", "/config/" + CONFIG_FILE, "-g", "daemon off;");
    }
    String host = webSocket.substring(0, webSocket.lastIndexOf(':'));
    return List.of("sh", "-c", "i=0; while [ $i -lt 60 ] && ! getent hosts " + host + " >/dev/null; do i=$((i+1)); sleep 1; done; exec "
        + nginx);
  }

  /** spec.images.frontDoor, else the project's image of nginx with Converse.js. */
  public static String image(WestchatCommunity community) {
    return Images.orDefault(community.getSpec().images.frontDoor, Images.FRONT_DOOR);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
