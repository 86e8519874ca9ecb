package dev.meshplane.alerting.service.products;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads topics whole, from the beginning, on its own thread, and keeps following them: no consumer group, nothing
 * committed, so every start sees every record again. {@link #loaded()} turns true once every partition was read as far
 * as it reached when the view started.
 */
public final class TopicView implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicView.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final BiConsumer<ConsumerRecord<String, byte[]>, String> handler;
    private final Thread thread;
    private volatile boolean loaded;
    private volatile boolean running = true;
    private volatile String problem;

    /** @param handler gets each record and its topic; it must not throw (a bad record is its to dead-letter) */
    public TopicView(
            String name,
            Map<String, Object> clientConfig,
            List<String> topics,
            BiConsumer<ConsumerRecord<String, byte[]>, String> handler) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        this.consumer = new KafkaConsumer<>(config);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    public TopicView start() {
        thread.start();
        return this;
    }

    public boolean loaded() {
        return loaded;
    }

    /** Why the view is not loaded yet, when it knows (the broker unreachable, a topic missing). */
    public String problem() {
        return problem;
    }

    private void run() {
        List<TopicPartition> partitions = new ArrayList<>();
        while (running && partitions.isEmpty()) {
            try {
                for (String topic : topics) {
                    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                    if (infos == null || infos.isEmpty()) {
                        throw new KafkaException("topic " + topic + " does not exist yet");
                    }
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            } catch (WakeupException e) {
                consumer.close(Duration.ZERO);
                return;
            } catch (KafkaException e) {
                partitions.clear();
                problem = e.getMessage();
                LOG.warnf("%s: waiting for the broker: %s", thread.getName(), e.getMessage());
                sleep(2000);
            }
        }
        try {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    handler.accept(r, r.topic());
                }
                if (!loaded) {
                    boolean all = true;
                    for (TopicPartition tp : partitions) {
                        if (consumer.position(tp) < ends.get(tp)) {
                            all = false;
                            break;
                        }
                    }
                    if (all) {
                        loaded = true;
                        problem = null;
                        LOG.infof("%s: loaded %s", thread.getName(), topics);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            problem = "stopped: " + e.getMessage();
            LOG.errorf(e, "%s stopped", thread.getName());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
