package net.freedommessenger.westchat.cli;

import java.util.List;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.validation.FieldError;

/** A WestchatCommunity the API server would refuse, with the same field errors it would give. */
public class InvalidCommunityException extends Exception {

  private final List<FieldError> errors;

  public InvalidCommunityException(String name, List<FieldError> errors) {
    super("WestchatCommunity \"" + name + "\" is invalid: "
        + errors.stream().map(FieldError::toString).collect(Collectors.joining(", ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
