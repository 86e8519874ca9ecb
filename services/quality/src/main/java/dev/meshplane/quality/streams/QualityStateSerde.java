package dev.meshplane.quality.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import dev.meshplane.quality.domain.QualityState;

/**
 * A compact binary form of a product's quality state (version byte, runs, failing checks): every result reads and
 * rewrites it, and its changelog carries it, so it is kept small and cheap to (de)serialize.
 */
public final class QualityStateSerde implements Serde<QualityState> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<QualityState> serializer() {
        return (topic, state) -> {
            if (state == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + state.runs.size() * 32);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                out.writeInt(state.runs.size());
                for (QualityState.Run r : state.runs) {
                    out.writeUTF(r.runId());
                    out.writeLong(r.observedAt());
                    out.writeLong(r.rowCount());
                }
                out.writeInt(state.failing.size());
                for (Map.Entry<String, Long> e : state.failing.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<QualityState> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            QualityState state = new QualityState();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new IllegalStateException("unknown quality state version " + version);
                }
                int runs = in.readInt();
                for (int i = 0; i < runs; i++) {
                    state.runs.add(new QualityState.Run(in.readUTF(), in.readLong(), in.readLong()));
                }
                int failing = in.readInt();
                for (int i = 0; i < failing; i++) {
                    state.failing.put(in.readUTF(), in.readLong());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return state;
        };
    }
}
