package dev.meshplane.descriptor;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.meshplane.events.v1.AccessSpec;
import dev.meshplane.events.v1.AlertRouteSpec;
import dev.meshplane.events.v1.DataProductDescriptor;
import dev.meshplane.events.v1.DescriptorMetadata;
import dev.meshplane.events.v1.DescriptorSource;
import dev.meshplane.events.v1.FreshnessSpec;
import dev.meshplane.events.v1.OutputSpec;
import dev.meshplane.events.v1.QualityCheckSpec;
import dev.meshplane.events.v1.SchemaFieldSpec;

/**
 * Maps the descriptor between the domain model and its wire form ({@link DataProductDescriptor}). Values cross
 * unchanged in both directions: a missing field stays missing, a {@code ${ENV}} reference stays a reference. A check
 * type is a string on the wire and a {@link CheckType} in the model; {@link #fromEvent} refuses a type this version does
 * not know rather than guess at it.
 */
public final class DescriptorEvents {

    private DescriptorEvents() {}

    public static DataProductDescriptor toEvent(DataProduct p) {
        DataProduct.Metadata m = p.metadata();
        DataProduct.Spec s = p.spec();
        return DataProductDescriptor.newBuilder()
                .setApiVersion(p.apiVersion())
                .setKind(p.kind())
                .setMetadata(DescriptorMetadata.newBuilder()
                        .setName(m.name())
                        .setDomain(m.domain())
                        .setOwner(m.owner())
                        .setOncall(m.oncall())
                        .setVersion(m.version())
                        .setDescription(m.description())
                        .setTags(List.copyOf(m.tags()))
                        .build())
                .setSource(
                        s.source() == null
                                ? null
                                : new DescriptorSource(
                                        s.source().type(),
                                        s.source().connection(),
                                        s.source().query(),
                                        s.source().cursor(),
                                        s.source().path(),
                                        s.source().format()))
                .setFields(s.fields().stream()
                        .map(f -> new SchemaFieldSpec(f.name(), f.type(), f.nullable(), f.pii(), f.description()))
                        .toList())
                .setOutput(
                        s.output() == null
                                ? null
                                : new OutputSpec(
                                        s.output().partitions(), s.output().retention()))
                .setQualityChecks(s.checks().stream()
                        .map(c -> new QualityCheckSpec(
                                c.type() == null ? null : c.type().wireName(),
                                c.column(),
                                c.threshold(),
                                c.window(),
                                c.min(),
                                c.max()))
                        .toList())
                .setFreshness(
                        s.freshness() == null
                                ? null
                                : new FreshnessSpec(
                                        s.freshness().target(), s.freshness().alertAfter()))
                .setAccess(
                        s.access() == null
                                ? null
                                : new AccessSpec(
                                        s.access().defaultPolicy(),
                                        List.copyOf(s.access().allowTeams())))
                .setInputs(List.copyOf(s.inputs()))
                .setAlerts(
                        s.alerts() == null
                                ? List.of()
                                : s.alerts().stream()
                                        .map(a -> new AlertRouteSpec(
                                                a.check(),
                                                a.severity(),
                                                a.kind(),
                                                List.copyOf(a.to()),
                                                List.copyOf(a.email()),
                                                a.webhookUrl(),
                                                a.webhookSecret()))
                                        .toList())
                .build();
    }

    /**
     * The teams a descriptor event allows to read the product ({@code spec.access.allow}), sorted; empty when it
     * declares no access (the default is deny).
     */
    public static SortedSet<String> allowedTeams(DataProductDescriptor d) {
        return d.getAccess() == null
                ? new TreeSet<>()
                : new TreeSet<>(d.getAccess().getAllowTeams());
    }

    /** @throws IllegalArgumentException when a quality check names a type this version does not know */
    public static DataProduct fromEvent(DataProductDescriptor d) {
        DescriptorMetadata m = d.getMetadata();
        DescriptorSource src = d.getSource();
        OutputSpec out = d.getOutput();
        FreshnessSpec fr = d.getFreshness();
        AccessSpec ac = d.getAccess();
        return new DataProduct(
                d.getApiVersion(),
                d.getKind(),
                new DataProduct.Metadata(
                        m.getName(),
                        m.getDomain(),
                        m.getOwner(),
                        m.getOncall(),
                        m.getVersion(),
                        m.getDescription(),
                        List.copyOf(m.getTags())),
                new DataProduct.Spec(
                        src == null
                                ? null
                                : new DataProduct.Source(
                                        src.getType(),
                                        src.getConnection(),
                                        src.getQuery(),
                                        src.getCursor(),
                                        src.getPath(),
                                        src.getFormat()),
                        d.getFields().stream()
                                .map(f -> new DataProduct.SchemaField(
                                        f.getName(), f.getType(), f.getNullable(), f.getPii(), f.getDescription()))
                                .toList(),
                        out == null ? null : new DataProduct.Output(out.getPartitions(), out.getRetention()),
                        d.getQualityChecks().stream()
                                .map(c -> new DataProduct.QualityCheck(
                                        CheckType.ofWireName(c.getType()),
                                        c.getColumn(),
                                        c.getThreshold(),
                                        c.getWindow(),
                                        c.getMin(),
                                        c.getMax()))
                                .toList(),
                        fr == null ? null : new DataProduct.Freshness(fr.getTarget(), fr.getAlertAfter()),
                        ac == null
                                ? null
                                : new DataProduct.Access(ac.getDefaultPolicy(), List.copyOf(ac.getAllowTeams())),
                        List.copyOf(d.getInputs()),
                        d.getAlerts().stream()
                                .map(a -> new DataProduct.AlertRoute(
                                        a.getCheck(),
                                        a.getSeverity(),
                                        a.getKind(),
                                        List.copyOf(a.getTo()),
                                        List.copyOf(a.getEmail()),
                                        a.getWebhookUrl(),
                                        a.getWebhookSecret()))
                                .toList()));
    }
}
