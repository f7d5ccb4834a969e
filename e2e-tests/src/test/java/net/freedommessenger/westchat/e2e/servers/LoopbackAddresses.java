package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback addresses other than 127.0.0.1, for servers that must all listen on the same
 * well-known port (HTTPS 443 for Matrix delegation): every address of 127.0.0.0/8 is local, so
 * each server gets an address of its own. The addresses come from a block 127.x.y.0/24 chosen at
 * random, so two test runs on one machine do not meet; a block counts as free when the port can be
 * bound on each of its addresses.
 */
public final class LoopbackAddresses {

  private LoopbackAddresses() {}

  /** count addresses (127.x.y.2, .3, ...) on which nothing listens on the port now. */
  public static List<String> take(int count, int port) {
    if (count < 1 || count > 200) {
      throw new IllegalArgumentException("count must be 1-200");
    }
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      int x = ThreadLocalRandom.current().nextInt(64, 192);
      int y = ThreadLocalRandom.current().nextInt(0, 256);
      List<String> addresses = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          String address = "127." + x + "." + y + "." + (i + 2);
          try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1);
          }
          addresses.add(address);
        }
        return addresses;
      } catch (SocketException e) {
        if (e.getMessage() != null && e.getMessage().contains("Permission denied")) {
          throw new IllegalStateException("cannot bind port " + port + " on loopback: binding a port below 1024 needs root"
              + " (or CAP_NET_BIND_SERVICE)", e);
        }
        last = e;
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IllegalStateException("no free block of " + count + " loopback addresses with port " + port + " after 20 tries", last);
  }
}
