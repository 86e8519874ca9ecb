package dev.meshplane.alerting.service.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshplane.alerting.RoutingFile;
import dev.meshplane.alerting.service.products.ProductDirectory;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.descriptor.ParsedDescriptor;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.DataProductDescriptor;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.DescriptorMetadata;
import dev.meshplane.fixtures.Fixtures;

class DispatchTest {

    private static final RoutingFile ROUTING = RoutingFile.parse("test", """
            apiVersion: mesh/v1
            kind: AlertRouting
            destinations:
              sales-hook: {type: webhook, url: "http://127.0.0.1:9/s", secret: "${S}"}
              sales-pager: {type: pagerduty, routingKey: "${P}"}
              customers-mail: {type: email, to: [customers@company.com]}
              analytics-hook: {type: webhook, url: "http://127.0.0.1:9/a", secret: "${S}"}
            routes:
              - id: sales
                match: {domain: sales}
                to: [sales-hook, sales-pager]
              - id: customers
                match: {domain: customers}
                to: [customers-mail]
            teams:
              analytics: [analytics-hook, sales-pager]
            """);

    @Test
    void aFiringAlertReachesItsRoutesAndNoticesTheReadersOnceWithoutPagingThem() {
        ProductDirectory products = new ProductDirectory();
        products.published(example("customers/customer-profile"));
        products.published(example("sales/orders-daily-summary")); // declares customers/customer-profile an input
        products.grant(
                "customers/customer-profile|analytics",
                AccessGranted.newBuilder()
                        .setProductId("customers/customer-profile")
                        .setTeam("analytics")
                        .setGrantedBy("sara.owner")
                        .setGrantedAt(Instant.now())
                        .build());

        List<Dispatch.Delivery> out = new Dispatch(ROUTING, products, Map.of("S", "s"))
                .deliveries(alert("customers/customer-profile", AlertState.FIRING));

        assertThat(out)
                .extracting(d -> d.destination().name() + (d.notice() ? " notice" : ""))
                .containsExactly(
                        "customers-mail",
                        "sales-hook notice",
                        // the sales example's own route for freshness alerts: its on-call's mailbox
                        "sales/orders-daily-summary spec.alerts[0].email notice",
                        "analytics-hook notice");
        AlertStateChanged notice = out.get(1).message();
        assertThat(out.get(2).destination().to()).containsExactly("jane.doe@company.com");
        assertThat(notice.getAlertId()).isEqualTo("customers/customer-profile#freshness~sales/orders-daily-summary");
        assertThat(notice.getProductId()).isEqualTo("sales/orders-daily-summary");
        assertThat(notice.getSummary()).contains("customers/customer-profile", "sam.lee@company.com");
        assertThat(notice.getOncall()).isEqualTo("jane.doe@company.com"); // the reader's on-call, from its descriptor
        assertThat(out.get(3).message().getAlertId()).endsWith("~team:analytics");
    }

    @Test
    void aProductsOwnRoutesAddToTheOrganisationsAndSayWhatIsMissing() {
        ProductDirectory products = new ProductDirectory();
        products.published(example("sales/orders-daily-summary"));
        AlertStateChanged nulls = AlertStateChanged.newBuilder(alert("sales/orders-daily-summary", AlertState.FIRING))
                .setKind(AlertKind.QUALITY)
                .setCheckId("null_rate:customer_id")
                .setAlertId("sales/orders-daily-summary#null_rate:customer_id")
                .build();

        List<Dispatch.Delivery> out = new Dispatch(ROUTING, products, Map.of()).routed(nulls);

        assertThat(out)
                .extracting(d -> d.destination().name())
                .containsExactly(
                        "sales-hook",
                        "sales-pager",
                        "sales/orders-daily-summary spec.alerts[1].to demo-hook",
                        "sales/orders-daily-summary spec.alerts[1].webhook");
        assertThat(out.get(2).problem()).contains("the routing file has no destination 'demo-hook'");
        assertThat(out.get(3).problem()).contains("MESH_DEMO_HOOK_SECRET is not set");
        assertThat(new Dispatch(ROUTING, products, Map.of("MESH_DEMO_HOOK_SECRET", "x"))
                        .routed(nulls)
                        .get(3)
                        .problem())
                .isNull();
        // another check's alert: the organisation's routes only
        assertThat(new Dispatch(ROUTING, products, Map.of())
                        .routed(alert("sales/orders-daily-summary", AlertState.FIRING)))
                .extracting(d -> d.destination().name())
                .containsExactly("sales-hook", "sales-pager", "sales/orders-daily-summary spec.alerts[0].email");
    }

    @Test
    void aResolvedAlertNoticesNobodyAndARevokedTeamHearsNothing() {
        ProductDirectory products = new ProductDirectory();
        products.published(example("customers/customer-profile"));
        products.published(example("sales/orders-daily-summary")); // declares customers/customer-profile an input
        products.grant("customers/customer-profile|analytics", null);

        assertThat(new Dispatch(ROUTING, products, Map.of("S", "s"))
                        .deliveries(alert("customers/customer-profile", AlertState.RESOLVED)))
                .extracting(d -> d.destination().name())
                .containsExactly("customers-mail");
        // the reader drops the input in its next version: no notice any more
        products.published(product("sales/orders-daily-summary", List.of()));
        assertThat(new Dispatch(ROUTING, products, Map.of("S", "s"))
                        .deliveries(alert("customers/customer-profile", AlertState.FIRING)))
                .extracting(d -> d.destination().name())
                .containsExactly("customers-mail");
    }

    /** The repository's example product, as governance publishes it. */
    private static DataProductPublished example(String id) {
        ParsedDescriptor parsed = DescriptorParser.parse(id, Fixtures.example(id));
        assertThat(parsed.problems()).isEmpty();
        return DataProductPublished.newBuilder(product(id, List.of()))
                .setDescriptor(DescriptorEvents.toEvent(parsed.product().orElseThrow()))
                .build();
    }

    private static DataProductPublished product(String id, List<String> inputs) {
        String[] p = id.split("/");
        return DataProductPublished.newBuilder()
                .setProductId(id)
                .setRequestId("r")
                .setVersion("1.0.0")
                .setOutputTopic(p[0] + "." + p[1] + ".v1")
                .setSchemaGlobalId(1L)
                .setPublishedAt(Instant.now())
                .setDescriptor(DataProductDescriptor.newBuilder()
                        .setApiVersion("mesh/v1")
                        .setKind("DataProduct")
                        .setMetadata(DescriptorMetadata.newBuilder()
                                .setName(p[1])
                                .setDomain(p[0])
                                .setOwner("owner-of-" + id)
                                .setOncall("owner-of-" + id + "-oncall")
                                .setTags(List.of())
                                .build())
                        .setFields(List.of())
                        .setQualityChecks(List.of())
                        .setInputs(inputs)
                        .build())
                .build();
    }

    private static AlertStateChanged alert(String product, AlertState state) {
        return AlertStateChanged.newBuilder()
                .setAlertId(product + "#freshness")
                .setProductId(product)
                .setKind(AlertKind.FRESHNESS)
                .setState(state)
                .setSummary("late")
                .setOwner("customers-data@company.com")
                .setOncall("sam.lee@company.com")
                .setCheckId("freshness")
                .setChangedAt(Instant.now())
                .setDetails(Map.of())
                .build();
    }
}
