package dev.meshplane.alerting.service.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.StartupEvent;

import dev.meshplane.alerting.Courier;
import dev.meshplane.alerting.HttpTransport;
import dev.meshplane.alerting.Messages;
import dev.meshplane.alerting.RoutingFile;
import dev.meshplane.alerting.service.config.AlertingConfig;
import dev.meshplane.alerting.service.incidents.IncidentDesk;
import dev.meshplane.alerting.service.products.ProductDirectory;
import dev.meshplane.alerting.service.products.TopicView;
import dev.meshplane.client.DeadLetters;
import dev.meshplane.descriptor.ProductId;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.topics.Topics;

/**
 * Reads {@code mesh.alerts.quality} and {@code mesh.alerts.freshness} as one consumer group and hands each change's
 * deliveries ({@link Dispatch}) to the {@link Courier}. A record's offset is committed only once every one of its
 * deliveries has ended and its outcomes ({@code mesh.alerts.deliveries}) are written ({@link OffsetLedger}): a restart
 * or a {@code kill -9} repeats what was in flight, under the same delivery keys, and loses nothing. A record that is not
 * an alert goes to the dead-letter topic with the reason; the loop goes on.
 */
@ApplicationScoped
public class DeliveryLoop {

    private static final Logger LOG = Logger.getLogger(DeliveryLoop.class);
    private static final Duration COMMIT_EVERY = Duration.ofMillis(200);

    private final AlertingConfig config;
    private final Map<String, String> env = System.getenv();
    private final EventWriter writer;
    private final IncidentDesk incidents;
    private final Mailer mailer;
    private final ProductDirectory directory = new ProductDirectory();
    private final OffsetLedger ledger = new OffsetLedger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong unrouted = new AtomicLong();
    private final ScheduledExecutorService rewrite = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-outcome-retry");
        t.setDaemon(true);
        return t;
    });

    private volatile RoutingFile routing;
    private volatile String routingSource;
    private TopicView view;
    private Courier courier;
    private KafkaConsumer<String, byte[]> consumer;
    private AvroKafkaDeserializer<SpecificRecord> deserializer; // the delivery loop's thread
    private AvroKafkaDeserializer<SpecificRecord> viewDeserializer; // the view's thread
    private final java.util.Set<TopicPartition> assigned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Thread loop;
    private volatile boolean running;
    private volatile boolean consuming;
    /** Why the loop ended by itself (an ACL missing, say), for readiness; null while it runs. */
    private volatile String stoppedBy;

    public DeliveryLoop(AlertingConfig config, EventWriter writer, IncidentDesk incidents, Mailer mailer) {
        this.config = config;
        this.writer = writer;
        this.incidents = incidents;
        this.mailer = mailer;
    }

    void start(@Observes StartupEvent event) {
        AlertingConfig.Alerting a = config.alerting();
        routing = load(a.routingFile().orElse(null));
        deserializer = writer.deserializer();
        viewDeserializer = writer.deserializer();
        courier = new Courier(
                new Transports(
                        new HttpTransport(System.getenv(), a.requestTimeout()),
                        new MailTransport(mailer, a.mailFrom())),
                new Courier.Backoff(a.backoffFirst(), a.backoffMax(), a.attempts()));
        view = new TopicView(
                        "alerting-views-" + config.instanceId(),
                        writer.client(),
                        List.of(Topics.PRODUCTS.name(), Topics.ACCESS_GRANTS.name(), Topics.INCIDENTS.name()),
                        this::viewRecord)
                .start();
        running = true;
        loop = new Thread(this::run, "alert-delivery");
        loop.start();
        long tick = Math.max(1000, Math.min(30_000, a.renotifyEvery().toMillis() / 4));
        rewrite.scheduleWithFixedDelay(this::renotify, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** The routing file, checked whole: a problem stops the start, every one named. */
    private RoutingFile load(String file) {
        if (file == null || file.isBlank()) {
            LOG.warn("no routing file (meshplane.alerting.routing-file): alerts are read but delivered nowhere");
            return null;
        }
        String yaml;
        try {
            yaml = Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException("meshplane.alerting.routing-file: cannot read " + file + ": " + e, e);
        }
        RoutingFile parsed = RoutingFile.parse(file, yaml);
        parsed.requireEnvironment(file, System.getenv());
        routingSource = file;
        LOG.infof(
                "routing file %s: %d destinations, %d routes, %d teams",
                file,
                parsed.destinations().size(),
                parsed.routes().size(),
                parsed.teams().size());
        return parsed;
    }

    private void viewRecord(ConsumerRecord<String, byte[]> r, String topic) {
        try {
            if (topic.equals(Topics.ACCESS_GRANTS.name())) {
                directory.grant(r.key(), r.value() == null ? null : (AccessGranted) decodeView(r));
            } else if (topic.equals(Topics.INCIDENTS.name())) {
                if (r.value() != null && decodeView(r) instanceof IncidentChanged i) {
                    incidents.viewed(i);
                }
            } else if (r.value() != null && decodeView(r) instanceof DataProductPublished p) {
                directory.published(p);
            }
        } catch (RuntimeException e) {
            // governance dead-letters what it cannot write; a view skips what it cannot read, and says so
            LOG.warnf("skipped %s-%d@%d: %s", topic, r.partition(), r.offset(), e.getMessage());
        }
    }

    private SpecificRecord decodeView(ConsumerRecord<String, byte[]> r) {
        return viewDeserializer.deserialize(r.topic(), r.headers(), r.value());
    }

    private SpecificRecord decode(ConsumerRecord<String, byte[]> r) {
        return deserializer.deserialize(r.topic(), r.headers(), r.value());
    }

    private void run() {
        while (running && !view.loaded()) {
            sleep(100); // a notice needs the readers of the product: deliver nothing before the products are read
        }
        Map<String, Object> c = writer.client();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.alerting().group());
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "alerting-" + config.instanceId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try {
            consumer = new KafkaConsumer<>(c);
            consumer.subscribe(
                    List.of(Topics.QUALITY_ALERTS.name(), Topics.FRESHNESS_ALERTS.name()),
                    new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                            commit();
                            partitions.forEach(ledger::forget);
                            assigned.removeAll(partitions);
                        }

                        @Override
                        public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                            assigned.addAll(partitions);
                            LOG.infof("delivering the alerts of %s", partitions);
                        }
                    });
            consuming = true;
            Instant lastCommit = Instant.now();
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    handle(r);
                }
                if (Duration.between(lastCommit, Instant.now()).compareTo(COMMIT_EVERY) >= 0) {
                    commit();
                    lastCommit = Instant.now();
                }
            }
            commit();
        } catch (WakeupException e) {
            commit();
        } catch (RuntimeException e) {
            stoppedBy = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf(e, "the delivery loop stopped: %s", e.getMessage());
        } finally {
            consuming = false;
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = ledger.toCommit();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
            ledger.committed(offsets);
        } catch (RuntimeException e) {
            LOG.warnf("could not commit %s (tried again shortly): %s", offsets, e.getMessage());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        ledger.started(tp, r.offset());
        AlertStateChanged alert;
        try {
            if (r.value() == null) {
                throw new IllegalArgumentException("the record has no value: an alert topic holds alert changes only");
            }
            if (!(decode(r) instanceof AlertStateChanged a)) {
                throw new IllegalArgumentException("the value is not an AlertStateChanged");
            }
            ProductId.parse(a.getProductId()); // routes match on its domain
            if (a.getState() != AlertState.FIRING && a.getState() != AlertState.RESOLVED) {
                throw new IllegalArgumentException(
                        "state: " + a.getState() + "; an alert change is FIRING or RESOLVED (the writer must set it)");
            }
            alert = a;
        } catch (RuntimeException e) {
            deadLetter(r, "not deliverable: " + e.getMessage(), tp);
            return;
        }
        CompletableFuture<Void> incident =
                alert.getState() == AlertState.FIRING ? incidents.fired(alert, tp) : incidents.alertResolved(alert);
        List<Dispatch.Delivery> deliveries = new Dispatch(routing, directory, env).deliveries(alert);
        if (deliveries.isEmpty()) {
            unrouted.incrementAndGet();
        }
        List<CompletableFuture<AlertDeliveryEnded>> ended = new ArrayList<>();
        for (Dispatch.Delivery d : deliveries) {
            ended.add(send(d).thenApply(o -> outcome(d, o)));
        }
        CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).thenRun(() -> {
            if (running) { // stopping: what the courier gave up is not an outcome; the record is read again
                List<AlertDeliveryEnded> outcomes =
                        ended.stream().map(CompletableFuture::join).toList();
                incident.whenComplete((v, e) -> {
                    if (e == null) {
                        write(outcomes, tp, r.offset(), 1);
                    } else {
                        recordIncident(alert.getAlertId(), outcomes, tp, r.offset(), 1, e);
                    }
                });
            }
        });
    }

    private AlertDeliveryEnded outcome(Dispatch.Delivery d, Courier.Outcome o) {
        if (o.delivered()) {
            delivered.incrementAndGet();
        } else if (running) {
            dead.incrementAndGet();
            LOG.warnf(
                    "delivery %s to %s is dead after %d attempts: %s",
                    o.deliveryKey(), o.destination(), o.attempts(), o.reason());
        }
        AlertStateChanged m = d.message();
        return AlertDeliveryEnded.newBuilder()
                .setDeliveryKey(o.deliveryKey())
                .setAlertId(m.getAlertId())
                .setProductId(m.getProductId())
                .setState(m.getState().name())
                .setNotice(d.notice())
                .setDestination(d.destination().name())
                .setDestinationType(d.destination().type().name().toLowerCase(java.util.Locale.ROOT))
                .setDelivered(o.delivered())
                .setAttempts(o.attempts())
                .setReason(o.reason())
                .setEndedAt(Instant.now())
                .build();
    }

    /**
     * The outcomes, then the record's end in the ledger: its offset may be committed only once they are on the
     * broker. A failed write is tried again (the broker away) rather than dropped.
     */
    private void write(List<AlertDeliveryEnded> outcomes, TopicPartition tp, long offset, int attempt) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (AlertDeliveryEnded o : outcomes) {
            acks.add(writer.write(Topics.ALERT_DELIVERIES.name(), o.getProductId(), o));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (e == null) {
                ledger.ended(tp, offset);
            } else if (running) {
                long wait = Math.min(30_000, 500L << Math.min(6, attempt));
                LOG.warnf(
                        "could not write the outcomes of %s@%d (try %d, again in %d ms): %s",
                        tp, offset, attempt, wait, e.getMessage());
                rewrite.schedule(() -> write(outcomes, tp, offset, attempt + 1), wait, TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * The incident's change did not reach the broker (the broker away): its latest state is written again with
     * backoff, and only then the outcomes, so the record's offset is committed once both are there. Meanwhile later
     * records are delivered; their offsets wait behind this one.
     */
    private void recordIncident(
            String alertId,
            List<AlertDeliveryEnded> outcomes,
            TopicPartition tp,
            long offset,
            int attempt,
            Throwable e) {
        if (!running) {
            return; // uncommitted: read again after a restart, the incident with it
        }
        long wait = Math.min(30_000, 500L << Math.min(6, attempt));
        LOG.warnf(
                "could not record the incident of %s (try %d, again in %d ms): %s",
                alertId, attempt, wait, e.getMessage());
        rewrite.schedule(
                () -> incidents.rewrite(alertId).whenComplete((v, again) -> {
                    if (again == null) {
                        write(outcomes, tp, offset, 1);
                    } else {
                        recordIncident(alertId, outcomes, tp, offset, attempt + 1, again);
                    }
                }),
                wait,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Deliveries outside the alert topics' offsets (a re-notification, a person's resolution): handed to the same
     * lanes, their outcomes written; lost only if the process dies before they end.
     */
    public void deliverUntracked(AlertStateChanged message) {
        if (courier == null) {
            return;
        }
        for (Dispatch.Delivery d : new Dispatch(routing, directory, env).routed(message)) {
            send(d).thenApply(o -> outcome(d, o)).thenAccept(o -> {
                if (running) {
                    writer.write(Topics.ALERT_DELIVERIES.name(), o.getProductId(), o);
                }
            });
        }
    }

    /** To the courier; a delivery that cannot be sent at all ends dead at once, with its reason. */
    private CompletableFuture<Courier.Outcome> send(Dispatch.Delivery d) {
        if (d.problem() != null) {
            return CompletableFuture.completedFuture(new Courier.Outcome(
                    d.destination().name(), Messages.deliveryKey(d.message()), false, 0, d.problem()));
        }
        return courier.deliver(d.destination(), d.message());
    }

    /** Notifies again the open incidents fired on this replica's partitions that are due. */
    private void renotify() {
        try {
            if (!consuming) {
                return;
            }
            for (IncidentChanged due : incidents.due(assigned::contains)) {
                // recorded first: the next tick must not find it due while its deliveries are under way
                IncidentChanged i = incidents.renotify(due.getAlertId(), assigned::contains);
                if (i != null) {
                    deliverUntracked(IncidentDesk.message(
                            i,
                            AlertState.FIRING,
                            i.getLastNotifiedAt(),
                            "Still firing, not acknowledged (notification " + i.getNotifications() + "): "
                                    + i.getSummary()));
                }
            }
        } catch (Exception e) {
            LOG.warnf("re-notification skipped this time: %s", e.getMessage());
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, String reason, TopicPartition tp) {
        LOG.warnf("%s-%d@%d to %s: %s", r.topic(), r.partition(), r.offset(), Topics.DEAD_LETTERS.name(), reason);
        var letter = DeadLetters.of(r.topic(), r.partition(), r.offset())
                .key(r.key())
                .value(r.value())
                .reason(reason)
                .originalHeaders(r.headers())
                .build();
        writer.write(letter).whenComplete((v, e) -> {
            if (e == null) {
                ledger.ended(tp, r.offset());
            } else {
                LOG.errorf(
                        "could not dead-letter %s-%d@%d (read again after a restart): %s",
                        r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        });
    }

    /** Whether the loop reads alerts: the products are read, and the consumer is running. */
    public boolean delivering() {
        return consuming;
    }

    /** Why the service is not delivering yet, or null. */
    public String problem() {
        if (view == null) {
            return "not started";
        }
        if (!view.loaded()) {
            return "reading the products and grants" + (view.problem() == null ? "" : ": " + view.problem());
        }
        if (stoppedBy != null) {
            return "the delivery loop stopped (" + stoppedBy + "); restart the service once that is fixed";
        }
        return consuming ? null : "the delivery loop is not running";
    }

    /** What the service has done since it started. */
    public record Stats(
            String routingFile,
            int destinations,
            int routes,
            int products,
            long delivered,
            long dead,
            long unrouted,
            int inFlight) {}

    public Stats stats() {
        RoutingFile r = routing;
        return new Stats(
                routingSource,
                r == null ? 0 : r.destinations().size(),
                r == null ? 0 : r.routes().size(),
                directory.size(),
                delivered.get(),
                dead.get(),
                unrouted.get(),
                ledger.inFlight());
    }

    @PreDestroy
    void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (courier != null) {
            courier.close(); // what is still being retried ends undelivered: its record is not committed
        }
        if (loop != null) {
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (view != null) {
            view.close();
        }
        rewrite.shutdownNow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
