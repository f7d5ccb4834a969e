package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Moderation the admins carry out through the operator. */
public class Moderation {

  @Default("[]")
  @Size(max = 100)
  @ValidationRule(value = "self.all(c, self.exists_one(d, d.network == c.network && d.room == c.room))",
      message = "every room may be listed only once")
  @JsonPropertyDescription("Rooms closed by the admins: members are removed, told the reason, and cannot rejoin or recreate "
      + "the room. Removing an entry reopens what the network allows; purged history stays gone.")
  public List<ClosedRoom> closedRooms = new ArrayList<>();
}
