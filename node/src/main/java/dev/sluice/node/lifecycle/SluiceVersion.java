package dev.sluice.node.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, as Maven wrote it into the jar's {@code sluice-version.properties}. */
public final class SluiceVersion {
  private SluiceVersion() {}

  /** The version, or {@code unknown} when the resource is missing (a build outside Maven). */
  public static String get() {
    try (InputStream in = SluiceVersion.class.getResourceAsStream("/sluice-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the version resource", e);
    }
  }
}
