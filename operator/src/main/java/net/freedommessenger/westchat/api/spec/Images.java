package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/**
 * Container images. Every default carries the tag of the version the tests run, as
 * images/versions.properties lists it (DefaultImagesAreTestedTest holds them together).
 */
public class Images {

  public static final String SYNAPSE = "docker.io/matrixdotorg/synapse:v1.163.2";
  public static final String POSTGRES = "docker.io/library/postgres:15.20";
  public static final String PROSODY = "docker.io/prosody/prosody:0.12.3";
  public static final String ERGO = "ghcr.io/ergochat/ergo:v2.8.0";
  public static final String APPSERVICE_IRC = "docker.io/matrixdotorg/matrix-appservice-irc:release-1.0.1";
  public static final String HEISENBRIDGE = "docker.io/hif1/heisenbridge:1.15.4";
  /** Biboumi publishes no image of its own; the project builds this one from Debian's package. */
  public static final String BIBOUMI = "docker.io/freedommessenger/westchat-biboumi:9.0";
  /**
   * The front door (delegation files, front page, web chat): nginx with Converse.js' files, which no
   * upstream image has together; the project builds it from Debian's nginx-light and the npm package
   * converse.js, and its tag names both versions.
   */
  public static final String FRONT_DOOR = "docker.io/freedommessenger/westchat-frontdoor:nginx1.22.1-converse14.0.0";

  @Size(max = 512)
  @JsonPropertyDescription("Synapse image. Empty means " + SYNAPSE + ".")
  public String synapse;

  @Size(max = 512)
  @JsonPropertyDescription("PostgreSQL image for the managed database. Empty means " + POSTGRES + ".")
  public String postgres;

  @Size(max = 512)
  @JsonPropertyDescription("Prosody image. Empty means " + PROSODY + ".")
  public String prosody;

  @Size(max = 512)
  @JsonPropertyDescription("Ergo image. Empty means " + ERGO + ".")
  public String ergo;

  @Size(max = 512)
  @JsonPropertyDescription("matrix-appservice-irc image. Empty means " + APPSERVICE_IRC + ".")
  public String appserviceIrc;

  @Size(max = 512)
  @JsonPropertyDescription("Heisenbridge image. Empty means " + HEISENBRIDGE + ".")
  public String heisenbridge;

  @Size(max = 512)
  @JsonPropertyDescription("Biboumi image. Empty means " + BIBOUMI + ", which the project builds from Debian's "
      + "package (Biboumi publishes no image of its own); docs/biboumi-image.md says what another image must allow.")
  public String biboumi;

  @Size(max = 512)
  @JsonPropertyDescription("Front-door image: the nginx of <name>-matrix-delegation, which serves the Matrix delegation "
      + "files, the front page at https://<domain>/ and the web chat at /en/chat/ and /de/chat/. Empty means " + FRONT_DOOR
      + ", nginx with Converse.js' files, which the project builds (docs/front-page.md). Another image must run "
      + "nginx as uid 101 with a read-only root file system and keep Converse.js' dist folder at /usr/share/converse.js/dist; "
      + "without that folder the front page and delegation files work and the web chat page loads without its program.")
  public String frontDoor;

  /** The image a field names, or the default when it names none (left out or empty, as every field's description says). */
  public static String orDefault(String named, String byDefault) {
    return named != null && !named.isBlank() ? named : byDefault;
  }
}
