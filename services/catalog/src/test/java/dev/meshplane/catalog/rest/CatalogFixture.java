package dev.meshplane.catalog.rest;

import java.time.Instant;
import java.util.List;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductUpdates;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.catalog.streams.FakeCatalogStore;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PolicyViolation;
import dev.meshplane.events.v1.ViolationSeverity;
import dev.meshplane.fixtures.Fixtures;

/**
 * A small mesh folded by the catalog's own update rules into the store double and the real index: two published
 * products (orders reads customer-profile, across domains) and one only ever rejected.
 */
public final class CatalogFixture {

    public static final String ORDERS = "sales/orders-daily-summary";
    public static final String PROFILE = "customers/customer-profile";
    public static final String DRAFT = "marketing/draft";

    private CatalogFixture() {}

    public static void load(FakeCatalogStore store, CatalogIndex index) {
        for (ProductView v : List.of(published(PROFILE, "r1", 100), published(ORDERS, "r2", 200), rejected(DRAFT))) {
            store.put(v);
            index.update(v);
        }
    }

    private static ProductView published(String id, String requestId, long at) {
        DataProduct p = parse(id);
        ProductView v = ProductUpdates.empty(id);
        ProductUpdates.published(
                v,
                DataProductPublished.newBuilder()
                        .setProductId(id)
                        .setRequestId(requestId)
                        .setVersion(p.metadata().version())
                        .setDescriptor(DescriptorEvents.toEvent(p))
                        .setOutputTopic(p.id().outputTopic(1))
                        .setSchemaGlobalId(7L)
                        .setPublishedAt(Instant.ofEpochMilli(at))
                        .build());
        return v;
    }

    private static ProductView rejected(String id) {
        ProductView v = ProductUpdates.empty(id);
        ProductUpdates.decided(
                v,
                PolicyDecided.newBuilder()
                        .setRequestId("r9")
                        .setProductId(id)
                        .setVersion("0.1.0")
                        .setOutcome(DecisionOutcome.REJECTED)
                        .setViolations(List.of(new PolicyViolation(
                                "oncall-named", ViolationSeverity.ERROR, "metadata.oncall", "missing")))
                        .setRequestedAt(Instant.ofEpochMilli(10))
                        .setDecidedAt(Instant.ofEpochMilli(20))
                        .build());
        return v;
    }

    private static DataProduct parse(String id) {
        return DescriptorParser.parse(id, Fixtures.example(id)).product().orElseThrow();
    }
}
