package dev.meshplane.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;

/**
 * The Apicurio default, minus a schema fingerprint per record: the default provider computes the parsing
 * fingerprint of the schema on every serialize and deserialize to find its cached reader or writer, which was 13 %
 * of the quality service's stream thread (bench/run-quality.sh, JFR). The serdes hand over the same {@link Schema}
 * instance every time (the generated class's {@code SCHEMA$}, the resolver's cached writer schema), so readers and
 * writers are cached by schema identity first and only a new instance pays for the fingerprint.
 */
public class SchemaCachingDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        DatumWriter<T> writer = writers.get(schema);
        if (writer == null) {
            writer = super.createDatumWriter(data, schema);
            writers.put(schema, writer);
        }
        return writer;
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return readers.computeIfAbsent(schema, super::createDatumReader);
    }
}
