package net.freedommessenger.westchat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;
import org.junit.jupiter.api.Test;

/** Every spec.images field says "Empty means" its default: an empty string must not become an empty image. */
class EmptyImageFieldsTest {

  private static final String EVERY_IMAGE_EMPTY = "images: {synapse: '', postgres: '', prosody: '', ergo: '', "
      + "appserviceIrc: '', heisenbridge: '', biboumi: '', frontDoor: ''}\n";

  @Test
  void emptyImageFieldsGiveTheDefaultImagesWithEitherMatrixIrcBridge() {
    Set<String> appserviceIrc = images(TestCommunities.minimalWith(EVERY_IMAGE_EMPTY
        + "bridges: {matrixIrc: {implementation: appservice-irc}}\n"));
    assertEquals(new TreeSet<>(Set.of(Images.SYNAPSE, Images.POSTGRES, Images.PROSODY, Images.BIBOUMI, Images.ERGO,
        Images.APPSERVICE_IRC, Images.FRONT_DOOR)), appserviceIrc);
    Set<String> heisenbridge = images(TestCommunities.minimalWith(EVERY_IMAGE_EMPTY
        + "bridges: {matrixIrc: {implementation: heisenbridge}}\n"));
    assertEquals(new TreeSet<>(Set.of(Images.SYNAPSE, Images.POSTGRES, Images.PROSODY, Images.BIBOUMI, Images.ERGO,
        Images.HEISENBRIDGE, Images.FRONT_DOOR)), heisenbridge);
  }

  private static Set<String> images(WestchatCommunity community) {
    Set<String> images = new TreeSet<>();
    for (HasMetadata object : CommunityObjects.desired(community, ExistingSecrets.NONE, new PlaceholderSecretGenerator())) {
      PodSpec pod = object instanceof Deployment d ? d.getSpec().getTemplate().getSpec()
          : object instanceof StatefulSet s ? s.getSpec().getTemplate().getSpec() : null;
      if (pod != null) {
        Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).map(Container::getImage).forEach(images::add);
      }
    }
    return images;
  }
}
