package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Volumes for the real node's claims, as local-path provisioners do on small clusters: a claim of
 * the default StorageClass gets a folder of this machine as a hostPath PersistentVolume bound to
 * it (kube-controller-manager's binder completes the binding), and a released volume of the Delete
 * policy is removed with its folder. Claims survive their pods, so the operator's data stays where
 * a real cluster would keep it.
 *
 * <p>The folders are open to every user (0777): the pods run as the non-root users of their images,
 * and a hostPath volume gets no fsGroup.
 */
final class LocalPathProvisioner implements AutoCloseable {

  static final String STORAGE_CLASS = "westchat-local-path";
  static final String PROVISIONER = "westchat.local/local-path";
  private static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

  private final KubernetesClient client;
  private final Path root;
  private final Thread loop;
  private volatile boolean running = true;

  private LocalPathProvisioner(KubernetesClient client, Path root) {
    this.client = client;
    this.root = root;
    this.loop = new Thread(this::run, "local-path-provisioner");
    this.loop.setDaemon(true);
  }

  /** Creates the default StorageClass and starts provisioning into folders under root. */
  static LocalPathProvisioner start(KubernetesClient client, Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client.resource(storageClass()).serverSideApply();
    LocalPathProvisioner provisioner = new LocalPathProvisioner(client, root);
    provisioner.loop.start();
    return provisioner;
  }

  static StorageClass storageClass() {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(STORAGE_CLASS)
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
        .endMetadata()
        .withProvisioner(PROVISIONER)
        .withReclaimPolicy("Delete")
        .withVolumeBindingMode("Immediate")
        .build();
  }

  private void run() {
    while (running) {
      try {
        provisionPendingClaims();
        deleteReleasedVolumes();
      } catch (KubernetesClientException e) {
        if (running) {
          System.err.println("local-path provisioner: " + e.getMessage());
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void provisionPendingClaims() {
    for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inAnyNamespace().list().getItems()) {
      boolean ours = STORAGE_CLASS.equals(claim.getSpec().getStorageClassName());
      boolean pending = claim.getSpec().getVolumeName() == null || claim.getSpec().getVolumeName().isEmpty();
      if (!ours || !pending || claim.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String name = "pvc-" + claim.getMetadata().getUid();
      if (client.persistentVolumes().withName(name).get() != null) {
        continue;
      }
      Path folder = root.resolve(claim.getMetadata().getNamespace() + "_" + claim.getMetadata().getName() + "_"
          + claim.getMetadata().getUid());
      try {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Quantity size = claim.getSpec().getResources().getRequests().get("storage");
      client.resource(new PersistentVolumeBuilder()
          .withNewMetadata().withName(name).withAnnotations(Map.of(PROVISIONED_BY, PROVISIONER)).endMetadata()
          .withNewSpec()
          .withCapacity(Map.of("storage", size))
          .withAccessModes(claim.getSpec().getAccessModes())
          .withStorageClassName(STORAGE_CLASS)
          .withPersistentVolumeReclaimPolicy("Delete")
          .withNewHostPath().withPath(folder.toString()).withType("Directory").endHostPath()
          .withNewClaimRef()
          .withNamespace(claim.getMetadata().getNamespace())
          .withName(claim.getMetadata().getName())
          .withUid(claim.getMetadata().getUid())
          .endClaimRef()
          .endSpec()
          .build()).create();
    }
  }

  private void deleteReleasedVolumes() {
    for (PersistentVolume volume : client.persistentVolumes().list().getItems()) {
      boolean ours = PROVISIONER.equals(volume.getMetadata().getAnnotations() == null ? null
          : volume.getMetadata().getAnnotations().get(PROVISIONED_BY));
      boolean released = volume.getStatus() != null && "Released".equals(volume.getStatus().getPhase());
      if (ours && released && "Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
        deleteFolder(Path.of(volume.getSpec().getHostPath().getPath()));
        client.resource(volume).delete();
      }
    }
  }

  private void deleteFolder(Path folder) {
    if (!folder.startsWith(root) || !Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("local-path provisioner: cannot remove " + folder + ": " + e);
    }
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
