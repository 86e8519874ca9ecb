package dev.meshplane.quality.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The compact binary values of the quality stores: a run is its event time and row count (16 bytes; the run id is
 * in the key), a product's failing checks are (check id, failing since) pairs. Every result writes one run, and the
 * changelogs carry them, so they are kept small and cheap to (de)serialize.
 */
final class QualityStateSerde {

    private QualityStateSerde() {}

    /** The runs store's key: the product id, a NUL, the run id; a product's runs share the prefix. */
    static String runKey(String productId, String runId) {
        return productId + '\u0000' + runId;
    }

    static String runPrefix(String productId) {
        return productId + '\u0000';
    }

    static String runIdOf(String runKey) {
        return runKey.substring(runKey.indexOf('\u0000') + 1);
    }

    /** {observedAt, rowCount}. */
    static Serde<long[]> runs() {
        Serializer<long[]> ser = (topic, run) -> run == null
                ? null
                : ByteBuffer.allocate(16).putLong(run[0]).putLong(run[1]).array();
        Deserializer<long[]> de = (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            return new long[] {b.getLong(), b.getLong()};
        };
        return Serdes.serdeFrom(ser, de);
    }

    /** checkId -> failing since, as a count then (UTF-8 length, bytes, millis) per check. */
    static Serde<Map<String, Long>> failing() {
        Serializer<Map<String, Long>> ser = (topic, failing) -> {
            if (failing == null) {
                return null;
            }
            int size = 4;
            for (String id : failing.keySet()) {
                size += 4 + id.getBytes(StandardCharsets.UTF_8).length + 8;
            }
            ByteBuffer b = ByteBuffer.allocate(size).putInt(failing.size());
            failing.forEach((id, since) -> {
                byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
                b.putInt(bytes.length).put(bytes).putLong(since);
            });
            return b.array();
        };
        Deserializer<Map<String, Long>> de = (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            Map<String, Long> failing = new LinkedHashMap<>();
            int n = b.getInt();
            for (int i = 0; i < n; i++) {
                byte[] bytes = new byte[b.getInt()];
                b.get(bytes);
                failing.put(new String(bytes, StandardCharsets.UTF_8), b.getLong());
            }
            return failing;
        };
        return Serdes.serdeFrom(ser, de);
    }
}
