package dev.meshplane.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.Durations;

/** The descriptor as CEL sees it: nested maps and lists under the YAML's own names, absent fields left out. */
final class ProductMaps {

    private ProductMaps() {}

    static Map<String, Object> toCel(DataProduct p) {
        Map<String, Object> root = new LinkedHashMap<>();
        put(root, "apiVersion", p.apiVersion());
        put(root, "kind", p.kind());
        DataProduct.Metadata m = p.metadata();
        Map<String, Object> metadata = new LinkedHashMap<>();
        put(metadata, "name", m.name());
        put(metadata, "domain", m.domain());
        put(metadata, "owner", m.owner());
        put(metadata, "oncall", m.oncall());
        put(metadata, "version", m.version());
        put(metadata, "description", m.description());
        metadata.put("tags", List.copyOf(m.tags()));
        root.put("metadata", metadata);

        DataProduct.Spec s = p.spec();
        Map<String, Object> spec = new LinkedHashMap<>();
        if (s.source() != null) {
            Map<String, Object> source = new LinkedHashMap<>();
            put(source, "type", s.source().type());
            put(source, "connection", s.source().connection());
            put(source, "query", s.source().query());
            put(source, "cursor", s.source().cursor());
            put(source, "path", s.source().path());
            put(source, "format", s.source().format());
            spec.put("source", source);
        }
        List<Object> fields = new ArrayList<>();
        for (DataProduct.SchemaField f : s.fields()) {
            Map<String, Object> field = new LinkedHashMap<>();
            put(field, "name", f.name());
            put(field, "type", f.type());
            field.put("nullable", f.nullable());
            put(field, "pii", f.pii());
            put(field, "description", f.description());
            fields.add(field);
        }
        spec.put("schema", Map.of("fields", fields));
        if (s.output() != null) {
            Map<String, Object> output = new LinkedHashMap<>();
            put(
                    output,
                    "partitions",
                    s.output().partitions() == null
                            ? null
                            : s.output().partitions().longValue());
            put(output, "retention", s.output().retention());
            spec.put("output", output);
        }
        List<Object> checks = new ArrayList<>();
        for (DataProduct.QualityCheck q : s.checks()) {
            Map<String, Object> check = new LinkedHashMap<>();
            put(check, "type", q.type() == null ? null : q.type().wireName());
            put(check, "column", q.column());
            put(check, "threshold", q.threshold());
            put(check, "window", q.window());
            put(check, "min", q.min());
            put(check, "max", q.max());
            checks.add(check);
        }
        spec.put("quality", Map.of("checks", checks));
        if (s.freshness() != null) {
            Map<String, Object> freshness = new LinkedHashMap<>();
            put(freshness, "target", s.freshness().target());
            put(freshness, "alert_after", s.freshness().alertAfter());
            Durations.parse(s.freshness().target())
                    .map(Duration::toSeconds)
                    .ifPresent(v -> freshness.put("target_seconds", v));
            Durations.parse(s.freshness().alertAfter())
                    .map(Duration::toSeconds)
                    .ifPresent(v -> freshness.put("alert_after_seconds", v));
            spec.put("freshness", freshness);
        }
        if (s.access() != null) {
            Map<String, Object> access = new LinkedHashMap<>();
            put(access, "default", s.access().defaultPolicy());
            List<Object> allow = new ArrayList<>();
            s.access().allowTeams().forEach(t -> allow.add(Map.of("team", t)));
            access.put("allow", allow);
            spec.put("access", access);
        }
        List<Object> inputs = new ArrayList<>();
        s.inputs().forEach(i -> inputs.add(Map.of("product", i)));
        spec.put("inputs", inputs);
        root.put("spec", spec);
        return root;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
