package dev.meshplane.catalog.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Record;

import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRequested;
import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.ConsumerObserved;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.streams.RuleDeadLetters;

/**
 * An input event kept in one of the catalog's own stores (the events held for an unpublished product, the access
 * events), with its key, where it was read and its timestamp, so it can be applied or dead-lettered after a restart
 * exactly as when it was read.
 *
 * <p>The event is stored as Avro binary with the schema of its class in this build. A release whose event classes
 * read differently raises {@link CatalogTopology#STATE_LAYOUT}: every replica then sets its state folder aside and
 * reads its inputs again from the beginning ({@code CatalogStateLayoutTest} fails until that is done).
 */
record StoredEvent(String key, RuleDeadLetters.Source source, long timestamp, SpecificRecord value) {

    private static final byte FORMAT = 1;

    /** The events the catalog stores, by the short name written before each. */
    static final Map<String, Class<? extends SpecificRecord>> TYPES = Map.of(
            "AccessRequested", AccessRequested.class,
            "AccessDecided", AccessDecided.class,
            "AccessGranted", AccessGranted.class,
            "ConsumerObserved", ConsumerObserved.class,
            "CheckEvaluated", CheckEvaluated.class,
            "AlertStateChanged", AlertStateChanged.class,
            "FreshnessStatusChanged", FreshnessStatusChanged.class,
            "ConsumerFeedbackGiven", ConsumerFeedbackGiven.class,
            "IncidentChanged", IncidentChanged.class,
            "AlertDeliveryEnded", AlertDeliveryEnded.class);

    static StoredEvent of(Record<String, SpecificRecord> record, RuleDeadLetters.Source source) {
        return new StoredEvent(record.key(), source, record.timestamp(), record.value());
    }

    /** The record as the topology read it (without its headers, which the catalog does not keep). */
    Record<String, SpecificRecord> record() {
        return new Record<>(key, value, timestamp);
    }

    static Serde<StoredEvent> serde() {
        return Serdes.serdeFrom(new Writer(), new Reader());
    }

    private static final class Writer implements Serializer<StoredEvent> {
        @Override
        public byte[] serialize(String topic, StoredEvent e) {
            if (e == null) {
                return null;
            }
            String type = e.value().getSchema().getName();
            if (!TYPES.containsKey(type)) {
                throw new IllegalArgumentException("the catalog does not store " + type + " events");
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(FORMAT);
                out.writeUTF(type);
                out.writeUTF(e.key());
                out.writeUTF(e.source().topic());
                out.writeInt(e.source().partition());
                out.writeLong(e.source().offset());
                out.writeLong(e.timestamp());
                out.flush();
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
                new SpecificDatumWriter<SpecificRecord>(e.value().getSchema()).write(e.value(), encoder);
                encoder.flush();
                return bytes.toByteArray();
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
    }

    private static final class Reader implements Deserializer<StoredEvent> {
        @Override
        public StoredEvent deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                ByteArrayInputStream bytes = new ByteArrayInputStream(data);
                DataInputStream in = new DataInputStream(bytes);
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new IllegalStateException("a stored event of format " + format + ", this build reads "
                            + FORMAT + ": the state folder is another version's (see CatalogTopology.STATE_LAYOUT)");
                }
                String type = in.readUTF();
                Class<? extends SpecificRecord> cls = TYPES.get(type);
                if (cls == null) {
                    throw new IllegalStateException("a stored event of unknown type " + type);
                }
                String key = in.readUTF();
                RuleDeadLetters.Source source = new RuleDeadLetters.Source(in.readUTF(), in.readInt(), in.readLong());
                long timestamp = in.readLong();
                BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(bytes, null);
                SpecificRecord value = new SpecificDatumReader<>(cls).read(null, decoder);
                return new StoredEvent(key, source, timestamp, value);
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
    }
}
