package net.freedommessenger.westchat.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.freedommessenger.westchat.api.validation.CommunitySchema;
import net.freedommessenger.westchat.api.validation.FieldError;

/**
 * Says whether a field error names a field a person can find: a path through the CRD's schema
 * (such as spec.admins[2].name), one of the fields every object has, or, for an unknown field,
 * a name under an object of the schema.
 */
public final class SchemaFieldPaths {

  /** Every object's own fields, which the CRD's schema leaves to the API server; "(root)" is a document that is no object. */
  private static final Set<String> OBJECT_FIELDS = Set.of("(root)", "apiVersion", "kind", "metadata");
  private static final Set<String> METADATA_FIELDS = Set.of("name", "generateName", "namespace", "labels", "annotations",
      "finalizers", "ownerReferences", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
      "deletionGracePeriodSeconds", "managedFields", "selfLink");
  private static final Pattern METADATA_PATH = Pattern.compile("metadata\\.([A-Za-z]+)([.\\[].*)?");
  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+\\])*)");

  private final JsonNode root;

  private SchemaFieldPaths(JsonNode root) {
    this.root = root;
  }

  public static SchemaFieldPaths ofBundledCrd() {
    try (InputStream in = SchemaFieldPaths.class.getResourceAsStream(CommunitySchema.CRD_RESOURCE)) {
      return new SchemaFieldPaths(new ObjectMapper(new YAMLFactory()).readTree(in).at("/spec/versions/0/schema/openAPIV3Schema"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean names(FieldError error) {
    String path = error.path();
    if (path == null || path.isBlank()) {
      return false;
    }
    Matcher metadata = METADATA_PATH.matcher(path);
    if (OBJECT_FIELDS.contains(path) || (metadata.matches() && METADATA_FIELDS.contains(metadata.group(1)))
        || schemaAt(path) != null) {
      return true;
    }
    return error.detail().startsWith("unknown field") && underAnObjectOfTheSchema(path);
  }

  /** An unknown field's own name may hold dots, so any object of the schema before a dot will do. */
  private boolean underAnObjectOfTheSchema(String path) {
    for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
      JsonNode parent = schemaAt(path.substring(0, dot));
      if (parent != null && "object".equals(parent.path("type").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The schema node at a path such as spec.rooms[0].name, or null when there is none. */
  JsonNode schemaAt(String path) {
    JsonNode node = root;
    for (String segment : path.split("\\.", -1)) {
      Matcher matcher = SEGMENT.matcher(segment);
      if (!matcher.matches()) {
        return null;
      }
      node = node.path("properties").get(matcher.group(1));
      if (node == null) {
        return null;
      }
      for (int brackets = matcher.group(2).split("\\[", -1).length - 1; brackets > 0; brackets--) {
        node = node.get("items");
        if (node == null) {
          return null;
        }
      }
    }
    return node;
  }
}
