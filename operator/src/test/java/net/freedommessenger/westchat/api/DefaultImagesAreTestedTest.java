package net.freedommessenger.westchat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.model.frontdoor.WebChat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A default image names the version the tests run: images/versions.properties lists that version
 * of each component, every default image must carry it as its tag, and the file must agree with
 * what the test environment installs (e2e-tests/testenv/requirements.txt and install.sh).
 */
class DefaultImagesAreTestedTest {

  /** Each component of versions.properties, and the default image that must carry its version. */
  static final Map<String, String> DEFAULTS = Map.of(
      "synapse", Images.SYNAPSE,
      "postgres", Images.POSTGRES,
      "prosody", Images.PROSODY,
      "ergo", Images.ERGO,
      "heisenbridge", Images.HEISENBRIDGE,
      "biboumi", Images.BIBOUMI);

  /**
   * Default images that hold two components of versions.properties, with those components in the
   * order their tag names them: the tag is each one's name followed by its version, joined by "-"
   * (the front door is nginx with Converse.js: nginx1.22.1-converse14.0.0).
   */
  static final Map<String, List<String>> COMBINED = Map.of(Images.FRONT_DOOR, List.of("nginx", "converse"));

  /**
   * Defaults no test runs: matrix-appservice-irc is in no registry the test environment reaches,
   * so its rendered config is checked against upstream's schema only (docs/install.md).
   */
  static final Set<String> UNTESTED = Set.of(Images.APPSERVICE_IRC);

  static Properties versions() throws IOException {
    Properties versions = new Properties();
    try (Reader in = Files.newBufferedReader(RepoFiles.path("images", "versions.properties"))) {
      versions.load(in);
    }
    return versions;
  }

  /** The tag of an image, without the "v" some projects put before the version. */
  static String version(String image) {
    String tag = image.substring(image.lastIndexOf(':') + 1);
    return tag.startsWith("v") ? tag.substring(1) : tag;
  }

  static List<String> components() {
    return DEFAULTS.keySet().stream().sorted().toList();
  }

  @ParameterizedTest
  @MethodSource("components")
  void theDefaultImageCarriesTheTestedVersion(String component) throws IOException {
    String tested = versions().getProperty(component);
    assertEquals(tested, version(DEFAULTS.get(component)), "the default " + component + " image " + DEFAULTS.get(component)
        + " must carry the version images/versions.properties lists, " + tested);
  }

  static List<String> combinedImages() {
    return COMBINED.keySet().stream().sorted().toList();
  }

  @ParameterizedTest
  @MethodSource("combinedImages")
  void anImageOfTwoComponentsNamesBothTestedVersionsInItsTag(String image) throws IOException {
    Properties versions = versions();
    String expected = String.join("-", COMBINED.get(image).stream().map(c -> c + versions.getProperty(c)).toList());
    assertEquals(expected, image.substring(image.lastIndexOf(':') + 1), "the default image " + image
        + " must name the versions images/versions.properties lists for " + COMBINED.get(image));
  }

  @Test
  void everyComponentOfVersionsPropertiesHasADefaultImage() throws IOException {
    Set<String> components = new TreeSet<>(DEFAULTS.keySet());
    COMBINED.values().forEach(components::addAll);
    assertEquals(components, new TreeSet<>(versions().stringPropertyNames()));
  }

  /** The web chat page loads the Converse.js release that install.sh downloads and the front-door image holds. */
  @Test
  void converseIsTheReleaseTheWebChatLoadsAndInstallShDownloads() throws IOException {
    String converse = versions().getProperty("converse");
    assertEquals(converse, WebChat.CONVERSE_VERSION);
    assertEquals(converse, installShVariable("CONVERSE_VERSION"));
  }

  @Test
  void everyDefaultImageIsEitherTestedOrNamedAsUntested() throws IllegalAccessException {
    List<String> unaccounted = new ArrayList<>();
    for (Field field : Images.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String image = (String) field.get(null);
        if (!DEFAULTS.containsValue(image) && !COMBINED.containsKey(image) && !UNTESTED.contains(image)) {
          unaccounted.add(field.getName() + " = " + image);
        }
      }
    }
    assertEquals(List.of(), unaccounted, "a default image without a tested version in images/versions.properties");
  }

  /** The Dockerfile that publishes the front-door image builds, by default, the versions its tag names. */
  @Test
  void theFrontDoorDockerfileBuildsTheTestedVersions() throws IOException {
    String dockerfile = Files.readString(RepoFiles.path("images", "frontdoor", "Dockerfile"));
    assertEquals(versions().getProperty("nginx"), dockerfileArgument(dockerfile, "NGINX_VERSION"));
    assertEquals(versions().getProperty("converse"), dockerfileArgument(dockerfile, "CONVERSE_VERSION"));
  }

  @Test
  void synapseAndHeisenbridgeAreTheVersionsRequirementsTxtPins() throws IOException {
    String requirements = Files.readString(RepoFiles.path("e2e-tests", "testenv", "requirements.txt"));
    assertEquals(versions().getProperty("synapse"), pin(requirements, "matrix-synapse"));
    assertEquals(versions().getProperty("heisenbridge"), pin(requirements, "heisenbridge"));
  }

  @Test
  void postgresIsTheMajorVersionInstallShInstalls() throws IOException {
    String major = versions().getProperty("postgres").split("\\.")[0];
    assertEquals(major, installShVariable("POSTGRES_MAJOR"));
  }

  /**
   * The module proxy serves Ergo only as a commit of September 2021, just before the 2.8.0 release
   * (install.sh calls it 2.8.0-unreleased); the tag commit of a newer release is refused as a
   * pseudo-version. So the default is v2.8.0, the release nearest the Ergo the tests run, and not
   * the newest Ergo. When install.sh builds a released Ergo, compare the versions directly instead.
   */
  @Test
  void ergoDefaultIsTheReleaseNearestTheOnlyErgoTheModuleProxyServes() throws IOException {
    String ergo = versions().getProperty("ergo");
    assertEquals(ergo + "-unreleased", installShVariable("ERGO_VERSION"),
        "install.sh's ERGO_VERSION no longer names the commit before Ergo " + ergo + "; if it now builds a release, "
            + "put that release in images/versions.properties and Images.ERGO and replace this test by an equality check");
  }

  private static String pin(String requirements, String project) {
    Matcher pin = Pattern.compile("(?m)^" + Pattern.quote(project) + "==(\\S+)").matcher(requirements);
    assertTrue(pin.find(), "requirements.txt pins no " + project);
    return pin.group(1);
  }

  private static String dockerfileArgument(String dockerfile, String name) {
    Matcher value = Pattern.compile("(?m)^ARG " + name + "=(\\S+)").matcher(dockerfile);
    assertTrue(value.find(), "the Dockerfile has no ARG " + name + "=");
    return value.group(1);
  }

  private static String installShVariable(String name) throws IOException {
    String script = Files.readString(RepoFiles.path("e2e-tests", "testenv", "install.sh"));
    Matcher value = Pattern.compile("(?m)^" + name + "=(\\S+)").matcher(script);
    assertTrue(value.find(), "install.sh sets no " + name);
    return value.group(1);
  }
}
