package net.freedommessenger.westchat.api.validation;

/** One reason the API server would refuse a resource, worded as the API server words it. */
public record FieldError(String path, String detail) {

  @Override
  public String toString() {
    return path + ": " + detail;
  }
}
