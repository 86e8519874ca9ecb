package dev.meshplane.catalog.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.catalog.domain.AccessIndex;
import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.MeshHealth;
import dev.meshplane.catalog.domain.ProductSummary;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessOutcome;
import dev.meshplane.events.v1.AccessRequested;
import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.ConsumerObserved;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.FreshnessState;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.IncidentAction;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.IncidentState;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PolicyViolation;
import dev.meshplane.events.v1.ViolationSeverity;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.testing.PlainAvroSerde;
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * The real catalog topology on a hand-made history of the mesh, and the health signals computed by hand from it:
 *
 * <pre>
 * customers/customer-profile: accepted (requested 0, decided 400)           -> velocity sample 400 ms
 * sales/orders-daily-summary: rejected (0 -> 100), then accepted (1000 -> 1200) -> sample 200 ms, 1 cycle
 *                             reads customers/customer-profile                -> 1 input, cross-domain
 * marketing/draft:            rejected twice, never accepted                  -> not published
 * freshness: orders FRESH (0.9), profile BREACHED (0.5)                       -> mean compliance 0.7
 * feedback on orders: 10, 9, 7, 3 (and the 10 redelivered), no person       -> 2/1/1, NPS 25
 * </pre>
 */
class CatalogTopologyTest {

    @TempDir
    Path state;

    private TopologyTestDriver driver;
    private CatalogIndex index = new CatalogIndex();
    private KeyValueStore<String, ProductView> store;

    @BeforeEach
    void start() {
        CatalogTopology.InputSerdes serdes = new CatalogTopology.InputSerdes(
                new PlainAvroSerde<>(DataProductPublished.class),
                new PlainAvroSerde<>(PolicyDecided.class),
                new PlainAvroSerde<>(CheckEvaluated.class),
                new PlainAvroSerde<>(AlertStateChanged.class),
                new PlainAvroSerde<>(FreshnessStatusChanged.class),
                new PlainAvroSerde<>(ConsumerFeedbackGiven.class),
                new PlainAvroSerde<>(AccessRequested.class),
                new PlainAvroSerde<>(AccessDecided.class),
                new PlainAvroSerde<>(AccessGranted.class),
                new PlainAvroSerde<>(ConsumerObserved.class),
                new PlainAvroSerde<>(IncidentChanged.class),
                new PlainAvroSerde<>(AlertDeliveryEnded.class));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "catalog-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString()); // the stores are RocksDB on disk
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, NoBackgroundCompaction.class);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // The history below is stamped in ms from the epoch: the task's clock starts there too, so the event-time
        // rules (measured against it) accept it.
        driver = new TopologyTestDriver(
                CatalogTopology.build(serdes, new ObjectMapperSerde<>(ProductView.class), index), props, Instant.EPOCH);
        store = driver.getKeyValueStore(CatalogTopology.PRODUCTS_STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /**
     * RocksDB without background compactions, so that the files {@link #restart} copies do not change under it (the
     * driver flushes the stores at every record's commit, on the test's thread).
     */
    public static class NoBackgroundCompaction implements RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            options.setDisableAutoCompactions(true);
        }

        @Override
        public void close(String storeName, Options options) {}
    }

    /**
     * The replica is killed and starts again on the same state folder, with nothing in memory from before. The stores
     * are flushed, as at a commit, and the folder copied aside, since {@code TopologyTestDriver.close} deletes it.
     */
    private void restart() throws IOException {
        for (String name :
                new String[] {CatalogTopology.PRODUCTS_STORE, CatalogTopology.HELD_STORE, CatalogTopology.ACCESS_STORE
                }) {
            driver.getKeyValueStore(name).flush();
        }
        Path kept = state.resolveSibling(state.getFileName() + "-kept");
        copy(state, kept);
        driver.close();
        copy(kept, state);
        index = new CatalogIndex();
        start();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals("LOCK")) {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * The stores are on disk: a restarted replica has every view, the access index and the search and lineage
     * indexes back at once, rebuilt from its stores, without a record being read again.
     */
    @Test
    void aRestartHasEverythingBackWithoutReadingAnyRecordAgain() throws IOException {
        String orders = "sales/orders-daily-summary";
        String profile = "customers/customer-profile";
        publish(parse(profile), "r1", 1);
        publish(parse(orders), "r2", 2);
        decide("marketing/draft", "r3", DecisionOutcome.REJECTED, 0, 50);
        pipe(Topics.ACCESS_GRANTS, orders + "|analytics", grant(orders, "analytics"));
        pipe(Topics.ACCESS_GRANTS, orders + "|finance", grant(orders, "finance"));
        pipe(Topics.ACCESS_REQUESTS, "q1", request("q1", orders, "ml-platform"));
        alert("a1", AlertState.FIRING, 10);
        ProductView before = store.get(orders);
        MeshHealth.Signals health = MeshHealth.of("overall", index.summaries());

        restart();

        assertThat(all()).hasSize(3);
        assertThat(store.get(orders)).usingRecursiveComparison().isEqualTo(before);
        assertThat(store.get(orders).openAlerts).containsOnlyKeys("a1");
        assertThat(index.summaries()).hasSize(3);
        assertThat(MeshHealth.of("overall", index.summaries())).isEqualTo(health);
        assertThat(index.search("customer", 10))
                .extracting(CatalogIndex.Hit::productId)
                .containsExactly(profile, orders);
        assertThat(index.downstreamOf(profile)).containsExactly(orders);
        assertThat(index.access().grants(orders, 10))
                .extracting(AccessIndex.Grant::team)
                .containsExactly("analytics", "finance");
        assertThat(index.access().pending(orders))
                .extracting(AccessIndex.Pending::requestId)
                .containsExactly("q1");
        assertThat(index.summary(orders).orElseThrow().readers().granted()).containsExactly("analytics", "finance");

        // A grant's tombstone ends it in the store too: still ended after another restart.
        driver.createInputTopic(
                        Topics.ACCESS_GRANTS.name(),
                        Serdes.String().serializer(),
                        new PlainAvroSerde<>(AccessGranted.class).serializer())
                .pipeInput(orders + "|finance", null);
        restart();
        assertThat(index.access().grants(orders, 10))
                .extracting(AccessIndex.Grant::team)
                .containsExactly("analytics");
    }

    /**
     * After a crash a replica reads again from its last committed offset, records whose effect its stores already
     * hold. The view skips what it has applied from that partition: 25 rejections stay 25, although the view keeps
     * only the 20 latest decisions (so a decision's own id no longer tells the five oldest apart), and the next new
     * record still counts.
     */
    @Test
    void recordsReadAgainAfterACrashChangeNothing() throws IOException {
        String draft = "marketing/draft";
        for (int i = 0; i < 25; i++) {
            decide(draft, "r" + i, DecisionOutcome.REJECTED, i, i + 1);
        }
        assertThat(store.get(draft).rejections).isEqualTo(25);

        restart(); // the new driver's offsets start at 0 again, as a consumer back at an older commit reads
        assertThat(store.get(draft).rejections).isEqualTo(25);
        for (int i = 0; i < 25; i++) {
            decide(draft, "r" + i, DecisionOutcome.REJECTED, i, i + 1);
        }
        assertThat(store.get(draft).rejections).isEqualTo(25);
        assertThat(store.get(draft).decisions).hasSize(20);

        decide(draft, "r25", DecisionOutcome.REJECTED, 25, 26);
        assertThat(store.get(draft).rejections).isEqualTo(26);
    }

    /**
     * An event held for a product not published yet is kept on disk: after a restart it still waits (and is not held
     * twice when read again), and is applied when the publication comes.
     */
    @Test
    void heldEventsWaitThroughARestart() throws IOException {
        String orders = "sales/orders-daily-summary";
        alert("a1", AlertState.FIRING, 10);
        // the alert's incident and a delivery that ended dead: held too, so stored on disk like the alert
        Instant at = Instant.ofEpochMilli(20); // the driver's clock starts at the epoch (start())
        pipe(Topics.INCIDENTS, orders, incident(orders + "#a1", at));
        pipe(Topics.ALERT_DELIVERIES, orders, deadDelivery(orders + "#a1", at));
        assertThat(store.get(orders)).isNull();
        assertThat(held()).isEqualTo(3);

        restart();
        alert("a1", AlertState.FIRING, 10); // read again: its offset is the one held
        assertThat(held()).isEqualTo(3);
        assertThat(store.get(orders)).isNull();

        publish(parse(orders), "r1", 1);
        assertThat(store.get(orders).openAlerts).containsOnlyKeys("a1");
        assertThat(store.get(orders).incidents).containsOnlyKeys(orders + "#a1");
        assertThat(store.get(orders).deadDeliveries)
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("hook: HTTP 400"));
        assertThat(held()).isZero();
    }

    private int held() {
        KeyValueStore<String, ?> heldStore = driver.getKeyValueStore(CatalogTopology.HELD_STORE);
        int n = 0;
        try (var all = heldStore.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void foldsTheMeshsHistoryIntoViewsAndSignalsThatMatchTheHandComputedFigures() throws IOException {
        DataProduct profile = parse("customers/customer-profile");
        DataProduct orders = parse("sales/orders-daily-summary");

        decide("customers/customer-profile", "r1", DecisionOutcome.ACCEPTED, 0, 400);
        publish(profile, "r1", 400);
        decide("sales/orders-daily-summary", "r2", DecisionOutcome.REJECTED, 0, 100);
        decide("sales/orders-daily-summary", "r3", DecisionOutcome.ACCEPTED, 1000, 1200);
        decide("sales/orders-daily-summary", "r3", DecisionOutcome.ACCEPTED, 1000, 1200); // redelivered
        publish(orders, "r3", 1200);
        decide("marketing/draft", "r4", DecisionOutcome.REJECTED, 0, 50);
        decide("marketing/draft", "r5", DecisionOutcome.REJECTED, 60, 90);
        freshness("sales/orders-daily-summary", FreshnessState.FRESH, 0.9);
        freshness("customers/customer-profile", FreshnessState.BREACHED, 0.5);
        feedback("f1", 10);
        feedback("f1", 10); // redelivered
        feedback("f2", 9);
        feedback("f3", 7);
        feedback("f4", 3);

        List<ProductView> views = all();
        assertThat(views).hasSize(3);
        MeshHealth.Signals s =
                MeshHealth.of("overall", views.stream().map(ProductSummary::of).toList());
        assertThat(MeshHealth.of("overall", index.summaries())).isEqualTo(s);

        assertThat(s.ownership()).isEqualTo(new MeshHealth.Ownership(2, 2, 1.0));
        assertThat(s.velocity()).isEqualTo(new MeshHealth.Velocity(2, 200L, 400L, 3, 1, 1));
        assertThat(s.sla().productsTracked()).isEqualTo(2);
        assertThat(s.sla().fresh()).isEqualTo(1);
        assertThat(s.sla().breached()).isEqualTo(1);
        assertThat(s.sla().meanCompliance30d()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.crossDomain().inputs()).isEqualTo(1);
        assertThat(s.crossDomain().crossDomainInputs()).isEqualTo(1);
        assertThat(s.crossDomain().crossDomainByMonth()).isEqualTo(Map.of("1970-01", 1));
        assertThat(s.satisfaction()).isEqualTo(new MeshHealth.Satisfaction(4, 2, 1, 1, 25.0));

        ProductView draft = store.get("marketing/draft");
        assertThat(draft.status).isEqualTo("REJECTED");
        assertThat(draft.decisions).hasSize(2);
        assertThat(draft.decisions.get(0).violations())
                .extracting(ProductView.Finding::policyId)
                .containsExactly("oncall-named");
        ProductView o = store.get("sales/orders-daily-summary");
        assertThat(o.status).isEqualTo("PUBLISHED");
        assertThat(o.versions).hasSize(1);
        assertThat(o.decisions).hasSize(2);
        assertThat(index.downstreamOf("customers/customer-profile")).containsExactly("sales/orders-daily-summary");
    }

    /**
     * The NPS is quarterly: per product and calendar quarter of givenAt (UTC), each person's latest answer counts
     * once. The task's clock starts at the epoch, so the quarters are the last of 1969 and the first of 1970.
     */
    @Test
    void aPersonsLaterAnswerInAQuarterReplacesTheirEarlierOne() throws IOException {
        publish(parse("sales/orders-daily-summary"), "r1", 1);
        feedback("f10", 3, "jane.doe", "1969-11-10T09:00:00Z");
        feedback("f11", 10, "jane.doe", "1969-12-20T09:00:00Z"); // same person, same quarter, later: replaces f10
        feedback("f11", 10, "jane.doe", "1969-12-20T09:00:00Z"); // redelivered
        feedback("f12", 0, "jane.doe", "1969-11-20T09:00:00Z"); // read after f11 but given before it: changes nothing
        feedback("f13", 8, "john.roe", "1969-12-01T09:00:00Z"); // another person: another answer
        feedback("f14", 6, "jane.doe", "1970-01-01T00:00:00Z"); // the next quarter: counted there
        feedback("f15", 9, null, "1970-01-01T00:00:00.005Z"); // no person (older feedback): once per id
        feedback("f15", 9, null, "1970-01-01T00:00:00.005Z");
        feedback("f16", 9, null, "1970-01-01T00:00:00.006Z");

        ProductView.Feedback f = store.get("sales/orders-daily-summary").feedback;
        assertThat(f.quarters).containsOnlyKeys("1969-Q4", "1970-Q1");
        ProductView.Quarter q4 = f.quarters.get("1969-Q4");
        assertThat(q4.people)
                .containsOnlyKeys("jane.doe", "john.roe")
                .hasEntrySatisfying("jane.doe", a -> assertThat(a.feedbackId()).isEqualTo("f11"));
        assertThat(List.of(q4.promoters, q4.passives, q4.detractors)).containsExactly(1, 1, 0);
        assertThat(q4.nps()).isEqualTo(50.0);
        ProductView.Quarter q1 = f.quarters.get("1970-Q1");
        assertThat(List.of(q1.promoters, q1.passives, q1.detractors)).containsExactly(2, 0, 1);
        assertThat(List.of(f.promoters, f.passives, f.detractors)).containsExactly(3, 1, 1);
        assertThat(f.count()).isEqualTo(5);
        assertThat(f.nps()).isEqualTo(40.0);
        assertThat(MeshHealth.of("overall", index.summaries()).satisfaction())
                .isEqualTo(new MeshHealth.Satisfaction(5, 3, 1, 1, 40.0));
    }

    /**
     * Access: grants and requests go to the access index under the product they name (their keys are {@code
     * productId|team} and request ids); an answer ends a waiting request; a grant's tombstone ends the grant; the
     * health counts grants to teams other than the product's domain's as cross-domain consumption.
     */
    @Test
    void grantsAndWaitingRequestsAreShownAndCountedAcrossDomains() throws IOException {
        String orders = "sales/orders-daily-summary";
        publish(parse(orders), "r1", 1);
        pipe(Topics.ACCESS_GRANTS, orders + "|analytics", grant(orders, "analytics"));
        pipe(Topics.ACCESS_GRANTS, orders + "|sales", grant(orders, "sales"));
        pipe(Topics.ACCESS_GRANTS, orders + "|customers", grant(orders, "customers"));
        pipe(Topics.ACCESS_REQUESTS, "q1", request("q1", orders, "finance"));
        pipe(Topics.ACCESS_REQUESTS, "q2", request("q2", orders, "ml-platform"));
        pipe(
                Topics.ACCESS_DECISIONS,
                "q2",
                AccessDecided.newBuilder()
                        .setRequestId("q2")
                        .setProductId(orders)
                        .setTeam("ml-platform")
                        .setOutcome(AccessOutcome.DENIED)
                        .setDecidedBy("sara.owner")
                        .setReason("use the aggregate")
                        .setDecidedAt(Instant.ofEpochMilli(5))
                        .build());
        driver.createInputTopic(
                        Topics.ACCESS_GRANTS.name(),
                        Serdes.String().serializer(),
                        new PlainAvroSerde<>(AccessGranted.class).serializer())
                .pipeInput(orders + "|customers", null); // customers' grant ends

        assertThat(index.access().grants(orders, 10))
                .extracting(AccessIndex.Grant::team)
                .containsExactly("analytics", "sales");
        assertThat(index.access().pending(orders)).singleElement().satisfies(p -> {
            assertThat(p.requestId()).isEqualTo("q1");
            assertThat(p.requestedBy()).isEqualTo("ana.analyst");
        });
        assertThat(store.get("q1")).as("no view under a request id").isNull();
        assertThat(store.get(orders + "|sales")).as("nor under a grant's key").isNull();
        MeshHealth.CrossDomain cross =
                MeshHealth.of("overall", index.summaries()).crossDomain();
        assertThat(cross.grants()).isEqualTo(2);
        assertThat(cross.crossDomainGrants())
                .as("sales reading a sales product is not cross-domain")
                .isEqualTo(1);
    }

    /**
     * Observed readers (keyed {@code productId|group}) go to the access index: the product's summary keeps the teams
     * of the groups the broker still holds offsets for and its latest read; the health counts observed readers across
     * domains and lists the products nobody read in 30 days, never-read ones first.
     */
    @Test
    void observedReadersAreCountedAndUnreadProductsListed() throws IOException {
        String orders = "sales/orders-daily-summary";
        String customers = "customers/customer-profile";
        publish(parse(orders), "r1", 1);
        publish(parse(customers), "r2", 2);
        long day = Duration.ofDays(1).toMillis();
        long now = 100 * day;
        pipe(
                Topics.ACCESS_OBSERVED,
                orders + "|analytics.report",
                observed(orders, "analytics.report", now - day, true));
        pipe(Topics.ACCESS_OBSERVED, orders + "|sales.audit", observed(orders, "sales.audit", now - 2 * day, true));
        pipe(Topics.ACCESS_OBSERVED, orders + "|finance.old", observed(orders, "finance.old", now - 40 * day, false));
        pipe(Topics.ACCESS_OBSERVED, customers + "|sales.crm", observed(customers, "sales.crm", now - 31 * day, true));

        assertThat(index.access().readers(orders, false))
                .extracting(AccessIndex.Reader::group)
                .containsExactly("analytics.report", "sales.audit");
        assertThat(index.access().readers(orders, true)).hasSize(3);
        assertThat(index.summary(orders).orElseThrow().readers())
                .isEqualTo(new ProductSummary.Readers(List.of(), List.of("analytics", "sales"), now - day));
        assertThat(store.get(orders + "|sales.audit"))
                .as("no view under an observation's key")
                .isNull();

        MeshHealth.Signals health = MeshHealth.of("overall", index.summaries(), now);
        assertThat(health.crossDomain().observedReaders()).isEqualTo(3);
        assertThat(health.crossDomain().crossDomainObservedReaders())
                .as("analytics on sales, sales on customers; not sales on sales, not finance's gone group")
                .isEqualTo(2);
        assertThat(health.unread().products())
                .as("customers last read 31 days ago")
                .isEqualTo(1);
        assertThat(health.unread().oldest()).singleElement().satisfies(u -> {
            assertThat(u.productId()).isEqualTo(customers);
            assertThat(u.lastReadAt()).isEqualTo(now - 31 * day);
        });

        pipe(Topics.ACCESS_OBSERVED, customers + "|sales.crm", observed(customers, "sales.crm", now, true));
        assertThat(MeshHealth.of("overall", index.summaries(), now).unread().products())
                .isZero();
        assertThat(MeshHealth.of("overall", index.summaries(), now + 31 * day)
                        .unread()
                        .oldest())
                .extracting(MeshHealth.UnreadProduct::productId)
                .containsExactly(orders, customers);
    }

    private static ConsumerObserved observed(String productId, String group, long lastReadAt, boolean present) {
        return ConsumerObserved.newBuilder()
                .setProductId(productId)
                .setGroup(group)
                .setTeam(group.substring(0, group.indexOf('.')))
                .setTopics(List.of(productId.replace('/', '.') + ".v1"))
                .setCommitted(10)
                .setLag(2)
                .setPresent(present)
                .setFirstSeenAt(Instant.ofEpochMilli(lastReadAt))
                .setLastReadAt(Instant.ofEpochMilli(lastReadAt))
                .setObservedAt(Instant.ofEpochMilli(lastReadAt))
                .build();
    }

    private static AccessGranted grant(String productId, String team) {
        return AccessGranted.newBuilder()
                .setProductId(productId)
                .setTeam(team)
                .setGrantedBy("descriptor 1.2.0")
                .setGrantedAt(Instant.ofEpochMilli(2))
                .build();
    }

    private static AccessRequested request(String id, String productId, String team) {
        return AccessRequested.newBuilder()
                .setRequestId(id)
                .setProductId(productId)
                .setTeam(team)
                .setRequestedBy("ana.analyst")
                .setReason("a report")
                .setRequestedAt(Instant.ofEpochMilli(3))
                .build();
    }

    @Test
    void alertsOpenAndCloseAndChecksKeepTheLatestOutcome() throws IOException {
        publish(parse("sales/orders-daily-summary"), "r1", 1); // alerts apply to published products only
        alert("a1", AlertState.FIRING, 10);
        alert("a2", AlertState.FIRING, 20);
        alert("a1", AlertState.RESOLVED, 30);

        assertThat(store.get("sales/orders-daily-summary").openAlerts).containsOnlyKeys("a2");
    }

    @Test
    void searchRanksNameMatchesAboveFieldAndDescriptionMatches() throws IOException {
        publish(parse("sales/orders-daily-summary"), "r1", 1);
        publish(parse("customers/customer-profile"), "r2", 2);

        assertThat(index.search("orders", 10))
                .extracting(CatalogIndex.Hit::productId)
                .first()
                .isEqualTo("sales/orders-daily-summary");
        assertThat(index.search("customer", 10))
                .extracting(CatalogIndex.Hit::productId)
                .containsExactly("customers/customer-profile", "sales/orders-daily-summary");
        assertThat(index.search("email segment", 10)) // field names, both terms must match
                .extracting(CatalogIndex.Hit::productId)
                .containsExactly("customers/customer-profile");
        assertThat(index.search("orders invoices", 10)).isEmpty();
        assertThat(index.search("crm", 10))
                .extracting(CatalogIndex.Hit::productId)
                .containsExactly("customers/customer-profile");
    }

    private List<ProductView> all() {
        List<ProductView> out = new ArrayList<>();
        try (var views = store.all()) {
            views.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    private static DataProduct parse(String id) throws IOException {
        return DescriptorParser.parse(id, Fixtures.example(id)).product().orElseThrow();
    }

    private <V extends SpecificRecord> void pipe(MeshTopic<V> topic, String key, V value) {
        driver.createInputTopic(
                        topic.name(),
                        Serdes.String().serializer(),
                        new PlainAvroSerde<>(topic.valueType()).serializer())
                .pipeInput(key, value);
    }

    private void publish(DataProduct p, String requestId, long at) {
        pipe(
                Topics.PRODUCTS,
                p.id().toString(),
                DataProductPublished.newBuilder()
                        .setProductId(p.id().toString())
                        .setRequestId(requestId)
                        .setVersion(p.metadata().version())
                        .setDescriptor(DescriptorEvents.toEvent(p))
                        .setOutputTopic(p.id().outputTopic(1))
                        .setSchemaGlobalId(7L)
                        .setPublishedAt(Instant.ofEpochMilli(at))
                        .build());
    }

    private void decide(String productId, String requestId, DecisionOutcome outcome, long requested, long decided) {
        pipe(
                Topics.GOVERNANCE_DECISIONS,
                productId,
                PolicyDecided.newBuilder()
                        .setRequestId(requestId)
                        .setProductId(productId)
                        .setVersion("1.0.0")
                        .setOutcome(outcome)
                        .setViolations(
                                outcome == DecisionOutcome.REJECTED
                                        ? List.of(new PolicyViolation(
                                                "oncall-named", ViolationSeverity.ERROR, "metadata.oncall", "missing"))
                                        : List.of())
                        .setRequestedAt(Instant.ofEpochMilli(requested))
                        .setDecidedAt(Instant.ofEpochMilli(decided))
                        .build());
    }

    private void freshness(String productId, FreshnessState state, double compliance) {
        pipe(
                Topics.FRESHNESS_STATUS,
                productId,
                FreshnessStatusChanged.newBuilder()
                        .setProductId(productId)
                        .setStatus(state)
                        .setSince(Instant.ofEpochMilli(5))
                        .setTargetMillis(900_000)
                        .setAlertAfterMillis(1_800_000)
                        .setCompliance30d(compliance)
                        .build());
    }

    private void feedback(String id, int score) {
        feedback(id, score, null, Instant.ofEpochMilli(9).toString());
    }

    private void feedback(String id, int score, String person, String givenAt) {
        pipe(
                Topics.FEEDBACK,
                "sales/orders-daily-summary",
                ConsumerFeedbackGiven.newBuilder()
                        .setFeedbackId(id)
                        .setProductId("sales/orders-daily-summary")
                        .setScore(score)
                        .setPerson(person)
                        .setGivenAt(Instant.parse(givenAt))
                        .build());
    }

    private static IncidentChanged incident(String alertId, Instant at) {
        return IncidentChanged.newBuilder()
                .setAlertId(alertId)
                .setProductId(alertId.substring(0, alertId.indexOf('#')))
                .setKind("QUALITY")
                .setState(IncidentState.OPEN)
                .setAction(IncidentAction.FIRED)
                .setBy("platform")
                .setAt(at)
                .setFiredAt(at)
                .setSummary("null rate of customer_id above 1%")
                .setLastNotifiedAt(at)
                .setAlertTopic(Topics.QUALITY_ALERTS.name())
                .setAlertPartition(0)
                .build();
    }

    private static AlertDeliveryEnded deadDelivery(String alertId, Instant at) {
        return AlertDeliveryEnded.newBuilder()
                .setDeliveryKey(alertId + "|FIRING|" + at.toEpochMilli())
                .setAlertId(alertId)
                .setProductId(alertId.substring(0, alertId.indexOf('#')))
                .setState("FIRING")
                .setNotice(false)
                .setDestination("hook")
                .setDestinationType("webhook")
                .setDelivered(false)
                .setAttempts(1)
                .setReason("hook: HTTP 400")
                .setEndedAt(at)
                .build();
    }

    private void alert(String id, AlertState state, long at) {
        pipe(
                Topics.QUALITY_ALERTS,
                "sales/orders-daily-summary",
                AlertStateChanged.newBuilder()
                        .setAlertId(id)
                        .setProductId("sales/orders-daily-summary")
                        .setKind(AlertKind.QUALITY)
                        .setState(state)
                        .setSummary("null rate of customer_id above 1%")
                        .setChangedAt(Instant.ofEpochMilli(at))
                        .build());
    }
}
