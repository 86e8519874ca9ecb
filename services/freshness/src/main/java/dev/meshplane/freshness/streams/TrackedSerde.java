package dev.meshplane.freshness.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import dev.meshplane.events.v1.FreshnessState;
import dev.meshplane.freshness.domain.Tracked;

/**
 * A tracked product in a compact binary form (a version byte first): a million of them live in the store and its
 * changelog, and every signal and deadline rewrites one.
 */
public final class TrackedSerde implements Serde<Tracked> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<Tracked> serializer() {
        return (topic, t) -> {
            if (t == null) {
                return null;
            }
            byte[] version = bytes(t.version);
            byte[] owner = bytes(t.owner);
            byte[] oncall = bytes(t.oncall);
            ByteBuffer b = ByteBuffer.allocate(1
                    + 12
                    + version.length
                    + owner.length
                    + oncall.length
                    + 8 * 8
                    + 1
                    + 4
                    + 16 * t.outIntervals.size());
            b.put(VERSION);
            put(b, version);
            put(b, owner);
            put(b, oncall);
            b.putLong(t.targetMillis)
                    .putLong(t.alertAfterMillis)
                    .putLong(t.trackedSince)
                    .putLong(t.dataUpdatedAt)
                    .put((byte) t.status.ordinal())
                    .putLong(t.statusSince)
                    .putLong(t.dueAt)
                    .putLong(t.outSince)
                    .putInt(t.outIntervals.size());
            for (long[] i : t.outIntervals) {
                b.putLong(i[0]).putLong(i[1]);
            }
            return b.array();
        };
    }

    @Override
    public Deserializer<Tracked> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            byte version = b.get();
            if (version != VERSION) {
                throw new IllegalStateException("unknown tracked-product format " + version);
            }
            Tracked t = new Tracked();
            t.version = string(b);
            t.owner = string(b);
            t.oncall = string(b);
            t.targetMillis = b.getLong();
            t.alertAfterMillis = b.getLong();
            t.trackedSince = b.getLong();
            t.dataUpdatedAt = b.getLong();
            t.status = FreshnessState.values()[b.get()];
            t.statusSince = b.getLong();
            t.dueAt = b.getLong();
            t.outSince = b.getLong();
            int n = b.getInt();
            for (int i = 0; i < n; i++) {
                t.outIntervals.add(new long[] {b.getLong(), b.getLong()});
            }
            return t;
        };
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ByteBuffer b, byte[] s) {
        b.putInt(s.length).put(s);
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return s.length == 0 ? null : new String(s, StandardCharsets.UTF_8);
    }
}
