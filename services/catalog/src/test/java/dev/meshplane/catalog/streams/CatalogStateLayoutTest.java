package dev.meshplane.catalog.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * What a catalog replica keeps on disk must be readable by the next release, or that release must raise {@link
 * CatalogTopology#STATE_LAYOUT}. These checks fail when it changes what it stores without doing so.
 */
class CatalogStateLayoutTest {

    /**
     * The Avro schemas of the events the catalog stores ({@link StoredEvent}: binary, without the writer's schema),
     * by their parsing fingerprints. A changed schema reads old bytes wrongly: raise STATE_LAYOUT (and the
     * application id's {@code -v} ending), then put the new fingerprints here. A type added to the stored ones is not
     * a new layout (no stored byte changes meaning): its fingerprint is added here alone, as IncidentChanged and
     * AlertDeliveryEnded were.
     */
    private static final Map<String, Long> STORED_SCHEMAS = new TreeMap<>(Map.of(
            "AccessDecided", -94352097792531694L,
            "AccessGranted", -2753070636401852717L,
            "AccessRequested", -3689587381896094496L,
            "AlertDeliveryEnded", -3048104700304778931L,
            "AlertStateChanged", 3608092921024146990L,
            "CheckEvaluated", 8188896869707982726L,
            "ConsumerFeedbackGiven", 2776892879008791493L,
            "ConsumerObserved", 9181051529580012489L,
            "FreshnessStatusChanged", -7548091045867500383L,
            "IncidentChanged", 3115143532999453156L));

    @Test
    void theStoredEventSchemasAreTheOnesThisLayoutReads() {
        Map<String, Long> actual = new TreeMap<>();
        StoredEvent.TYPES.forEach((name, type) -> actual.put(
                name,
                SchemaNormalization.parsingFingerprint64(SpecificData.get().getSchema(type))));
        assertThat(actual)
                .as("a stored event's schema changed: raise CatalogTopology.STATE_LAYOUT and the application id's -v"
                        + " ending, then record these fingerprints")
                .isEqualTo(STORED_SCHEMAS);
    }

    /** The application id ends with the layout: a new layout is a new application, with new changelogs. */
    @Test
    void theApplicationIdEndsWithTheLayout() throws IOException {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        assertThat(p.getProperty("quarkus.kafka-streams.application-id")).endsWith("-v" + CatalogTopology.STATE_LAYOUT);
    }
}
