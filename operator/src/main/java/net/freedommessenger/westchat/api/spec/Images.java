package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Container images; every default is pinned to a version the operator was tested with. */
public class Images {

  public static final String SYNAPSE = "docker.io/matrixdotorg/synapse:v1.120.2";
  public static final String POSTGRES = "docker.io/library/postgres:15.10";
  public static final String PROSODY = "docker.io/prosody/prosody:0.12.4";
  public static final String ERGO = "ghcr.io/ergochat/ergo:v2.14.0";
  public static final String APPSERVICE_IRC = "docker.io/matrixdotorg/matrix-appservice-irc:release-1.0.1";
  public static final String HEISENBRIDGE = "docker.io/hif1/heisenbridge:1.15.4";

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
  @JsonPropertyDescription("Biboumi image. Biboumi publishes no official image, so there is no default: build one as "
      + "docs/biboumi-image.md describes. Without it the XMPP-IRC bridge is not started and the Bridges condition says so.")
  public String biboumi;
}
