package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * A real node takes the machine's bridge, node address and containerd root: a second one (another
 * test run, or ./westchat local-cluster --real-node in a terminal) waits for the first to stop,
 * through a lock on a file in the install folder that the operating system releases when the
 * holder's process ends.
 */
final class OneNodePerMachine implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private OneNodePerMachine(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static OneNodePerMachine acquire() {
    Path file = TestEnvironment.directory().resolve("node").resolve(".lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        System.err.println("real node: another real node runs on this machine (" + file + " is locked); waiting for it to stop");
        lock = channel.lock();
      }
      return new OneNodePerMachine(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      System.err.println("real node: cannot release the machine's node lock: " + e);
    }
  }
}
