package net.freedommessenger.westchat.matrix;

/** An account the operator keeps on Synapse: a user name, its initial password, and whether it is an admin. */
public record MatrixAccount(String username, String password, boolean admin) {

  @Override
  public String toString() {
    return "MatrixAccount[" + username + (admin ? ", admin" : "") + "]";
  }
}
