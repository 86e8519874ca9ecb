package dev.meshplane.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds the Java runtimes the platform's processes need. Meshplane itself runs on Java 17; Apicurio Registry 3.3 and
 * Keycloak 26 need Java 21 or newer, which is looked for in {@code MESH_REGISTRY_JAVA_HOME}, then {@code JAVA_HOME},
 * then {@code /usr/lib/jvm}.
 */
public final class JavaRuntimes {

    private JavaRuntimes() {}

    /** The java executable of the running JVM. */
    public static Path current() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    public static Path registryJava() {
        return Stream.of(
                        System.getenv("MESH_REGISTRY_JAVA_HOME"),
                        System.getenv("JAVA_HOME"),
                        System.getProperty("java.home"))
                .filter(h -> h != null && !h.isBlank())
                .map(Path::of)
                .filter(h -> featureVersion(h) >= 21)
                .findFirst()
                .or(JavaRuntimes::scanJvmDirectory)
                .map(h -> h.resolve("bin/java"))
                .orElseThrow(() -> new IllegalStateException(
                        "Apicurio Registry and Keycloak need Java 21 or newer and none was found: install one (e.g."
                                + " a Temurin 21+ JDK under /usr/lib/jvm) or set MESH_REGISTRY_JAVA_HOME to its home"));
    }

    private static Optional<Path> scanJvmDirectory() {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> featureVersion(h) >= 21 && Files.isExecutable(h.resolve("bin/java")))
                    .max(Comparator.comparingInt(JavaRuntimes::featureVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version (17, 21, 25) from a JDK home's {@code release} file; 0 when unknown. */
    static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(release)) {
            p.load(in);
        } catch (IOException e) {
            return 0;
        }
        String v = p.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
        try {
            return Integer.parseInt(v.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
