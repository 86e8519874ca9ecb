package dev.meshplane.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * Checks a Kafka Streams state folder before Kafka Streams opens it, against a marker file written into it the first
 * time ({@value #MARKER}: the Kafka cluster id and the layout version of the state it holds).
 *
 * <ul>
 *   <li>State of <b>another cluster</b> is refused: the replica does not start, and the message names both clusters
 *       and the two ways out (point the replica at its cluster, or delete the folder to join this one). Taking it
 *       would mix offsets and state of one cluster with the records of another; deleting it silently would hide a
 *       replica pointed at the wrong brokers.
 *   <li>State of <b>another layout version</b>, or a marker that cannot be read (a corrupt folder), is set aside: the
 *       folder is renamed {@code <folder>.set-aside-<time>} and the replica starts empty. Nothing is lost: every
 *       store is rebuilt from its changelog topic, which is the state's truth; the set-aside folder is kept for
 *       inspection.
 *   <li>A folder without a marker (state written before this check existed) is taken as it is, and marked.
 * </ul>
 */
public final class StateFolder {

    /** The marker's file name, in the state folder's root (Kafka Streams keeps its own files one level below). */
    public static final String MARKER = "meshplane-state.properties";

    private static final Logger LOG = Logger.getLogger(StateFolder.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The state belongs to a Kafka cluster other than the one the replica is connected to. */
    public static final class OtherClusterException extends IllegalStateException {
        OtherClusterException(String message) {
            super(message);
        }
    }

    /** What {@link #check} found and did. */
    public enum Outcome {
        /** No state yet: the folder is marked for this cluster and layout. */
        NEW,
        /** The state is this cluster's and this layout's: kept. */
        KEPT,
        /** State from before the marker existed: kept and marked. */
        ADOPTED,
        /** State of another layout version: set aside, the stores are rebuilt from their changelogs. */
        SET_ASIDE_OTHER_LAYOUT,
        /** A marker that cannot be read: set aside, the stores are rebuilt from their changelogs. */
        SET_ASIDE_UNREADABLE
    }

    private StateFolder() {}

    /**
     * Checks {@code folder} for a replica of cluster {@code clusterId} whose state has layout version {@code layout}.
     *
     * @param bootstrap where the cluster was reached, for the message
     * @throws OtherClusterException when the folder holds another cluster's state
     * @throws IllegalStateException when the folder cannot be read, marked or set aside
     */
    public static Outcome check(Path folder, String clusterId, String bootstrap, int layout) {
        try {
            Path marker = folder.resolve(MARKER);
            if (!Files.exists(folder) || isEmpty(folder)) {
                mark(folder, clusterId, layout);
                return Outcome.NEW;
            }
            if (!Files.exists(marker)) {
                LOG.infof(
                        "state folder %s has no marker (state from an earlier version): kept, marked as cluster %s's",
                        folder, clusterId);
                mark(folder, clusterId, layout);
                return Outcome.ADOPTED;
            }
            Optional<Properties> read = read(marker);
            String theirs = read.map(p -> p.getProperty("cluster.id")).orElse(null);
            String theirLayout = read.map(p -> p.getProperty("layout")).orElse(null);
            if (theirs == null || theirs.isBlank() || theirLayout == null || !theirLayout.matches("\\d+")) {
                setAside(folder, "its marker " + marker + " cannot be read");
                mark(folder, clusterId, layout);
                return Outcome.SET_ASIDE_UNREADABLE;
            }
            if (!theirs.equals(clusterId)) {
                throw new OtherClusterException("the state folder " + folder + " holds the state of Kafka cluster "
                        + theirs + ", but the brokers at " + bootstrap + " are cluster " + clusterId + ". If this"
                        + " replica belongs to cluster " + theirs + ", point kafka.bootstrap.servers at its brokers;"
                        + " to make it a replica of cluster " + clusterId + ", delete " + folder + " (its stores are"
                        + " rebuilt from that cluster's changelog topics)");
            }
            if (Integer.parseInt(theirLayout) != layout) {
                setAside(folder, "it holds state of layout version " + theirLayout + ", this version reads " + layout);
                mark(folder, clusterId, layout);
                return Outcome.SET_ASIDE_OTHER_LAYOUT;
            }
            return Outcome.KEPT;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the state folder " + folder + " cannot be checked: " + e
                            + "; make it readable and writable by the service, or set kafka-streams.state.dir"
                            + " elsewhere",
                    e);
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static Optional<Properties> read(Path marker) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(marker)) {
            p.load(in);
            return Optional.of(p);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void mark(Path folder, String clusterId, int layout) throws IOException {
        Files.createDirectories(folder);
        Properties p = new Properties();
        p.setProperty("cluster.id", clusterId);
        p.setProperty("layout", Integer.toString(layout));
        Path partial = folder.resolve(MARKER + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            p.store(out, "Meshplane: the Kafka cluster and layout version of the state in this folder");
        }
        Files.move(partial, folder.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void setAside(Path folder, String why) throws IOException {
        Path aside = folder.resolveSibling(folder.getFileName() + ".set-aside-" + STAMP.format(Instant.now()));
        Files.move(folder, aside);
        LOG.warnf(
                "the state folder %s was set aside as %s because %s: this replica starts empty and rebuilds its"
                        + " stores from their changelog topics (nothing is lost); delete %s once it is no longer"
                        + " needed",
                folder, aside, why, aside);
    }
}
