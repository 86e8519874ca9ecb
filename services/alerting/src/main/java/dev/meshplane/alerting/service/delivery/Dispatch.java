package dev.meshplane.alerting.service.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.meshplane.alerting.RoutingFile;
import dev.meshplane.alerting.Severity;
import dev.meshplane.alerting.service.products.ProductDirectory;
import dev.meshplane.descriptor.EnvReferences;
import dev.meshplane.events.v1.AlertRouteSpec;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;

/**
 * What one alert change turns into: the alert itself to the destinations of the routes it matches, and, when it fires,
 * a downstream notice to the owners of every product that declares it as an input (through the routes that product's
 * own alerts would take) and to every team granted to read it (the routing file's {@code teams}). A notice names the
 * upstream product and its on-call; it is sent once per alert (on FIRING, never per run) under its own alert id, so
 * a receiver deduplicates it like any alert. Notices never page: PagerDuty destinations are skipped for them, as the
 * product's own on-call is the one paged.
 */
public final class Dispatch {

    /**
     * One message to one destination; {@code problem}, when not null, is why it cannot be sent at all (a {@code
     * spec.alerts} route naming a destination the routing file lacks): it ends dead at once, with that reason.
     */
    public record Delivery(
            RoutingFile.Destination destination, AlertStateChanged message, boolean notice, String problem) {

        Delivery(RoutingFile.Destination destination, AlertStateChanged message, boolean notice) {
            this(destination, message, notice, null);
        }
    }

    private static final RoutingFile NONE = new RoutingFile(Map.of(), List.of(), Map.of());

    private final RoutingFile routing;
    private final ProductDirectory products;
    private final Map<String, String> env;

    /** @param routing the organisation's routing file; null: none (the products' own routes still apply) */
    public Dispatch(RoutingFile routing, ProductDirectory products, Map<String, String> env) {
        this.routing = routing == null ? NONE : routing;
        this.products = products;
        this.env = env;
    }

    /**
     * The alert to its routes' destinations only (no notices): the organisation's routes it matches, then its
     * product's own ({@code spec.alerts}), each destination once. Also what a re-notification or a resolution by a
     * person is sent to.
     */
    public List<Delivery> routed(AlertStateChanged alert) {
        Map<String, Delivery> out = new java.util.LinkedHashMap<>();
        for (RoutingFile.Destination d : routing.destinationsFor(alert)) {
            out.putIfAbsent(d.name(), new Delivery(d, alert, false));
        }
        products.product(alert.getProductId()).ifPresent(p -> {
            for (int i = 0; i < p.alerts().size(); i++) {
                AlertRouteSpec r = p.alerts().get(i);
                if (!matches(r, alert)) {
                    continue;
                }
                String at = p.productId() + " spec.alerts[" + i + "]";
                for (String name : r.getTo()) {
                    RoutingFile.Destination d = routing.destinations().get(name);
                    if (d != null) {
                        out.putIfAbsent(d.name(), new Delivery(d, alert, false));
                    } else {
                        RoutingFile.Destination missing = new RoutingFile.Destination(
                                at + ".to " + name, RoutingFile.Type.WEBHOOK, null, null, null, List.of());
                        out.putIfAbsent(
                                missing.name(),
                                new Delivery(
                                        missing,
                                        alert,
                                        false,
                                        at + ".to: the routing file has no destination '" + name + "'; it has "
                                                + routing.destinations().keySet()));
                    }
                }
                if (!r.getEmail().isEmpty()) {
                    RoutingFile.Destination mail = new RoutingFile.Destination(
                            at + ".email", RoutingFile.Type.EMAIL, null, null, null, List.copyOf(r.getEmail()));
                    out.putIfAbsent(mail.name(), new Delivery(mail, alert, false));
                }
                if (r.getWebhookUrl() != null) {
                    RoutingFile.Destination hook = new RoutingFile.Destination(
                            at + ".webhook",
                            RoutingFile.Type.WEBHOOK,
                            r.getWebhookUrl(),
                            r.getWebhookSecret(),
                            null,
                            List.of());
                    out.putIfAbsent(hook.name(), new Delivery(hook, alert, false, unset(at, r.getWebhookSecret())));
                }
            }
        });
        return new ArrayList<>(out.values());
    }

    /** Why the webhook cannot be signed: its secret's variable is not set here; null when it is. */
    private String unset(String at, String secret) {
        java.util.Optional<String> variable = EnvReferences.variable(secret);
        if (variable.isEmpty()) {
            return at + ".webhook.secret: not an ${ENV} reference";
        }
        String value = env.get(variable.get());
        return value == null || value.isBlank()
                ? at + ".webhook.secret: the environment variable " + variable.get() + " is not set where the alerting"
                        + " service runs"
                : null;
    }

    private static boolean matches(AlertRouteSpec r, AlertStateChanged alert) {
        return (r.getCheck() == null || r.getCheck().equals(alert.getCheckId()))
                && (r.getSeverity() == null
                        || r.getSeverity().equals(Severity.of(alert).wireName()))
                && (r.getKind() == null || r.getKind().equals(alert.getKind().name()));
    }

    public List<Delivery> deliveries(AlertStateChanged alert) {
        List<Delivery> out = routed(alert);
        if (alert.getState() != AlertState.FIRING) {
            return out;
        }
        for (ProductDirectory.Product reader : products.readersOf(alert.getProductId())) {
            AlertStateChanged notice = notice(alert, reader.productId(), reader.owner(), reader.oncall(), null);
            for (Delivery d : routed(notice)) { // where the reader's own alerts go
                if (d.destination().type() != RoutingFile.Type.PAGERDUTY) {
                    out.add(new Delivery(d.destination(), notice, true, d.problem()));
                }
            }
        }
        for (String team : products.grantedTeams(alert.getProductId())) {
            AlertStateChanged notice = notice(alert, alert.getProductId(), alert.getOwner(), alert.getOncall(), team);
            Set<RoutingFile.Destination> seen = new LinkedHashSet<>();
            for (RoutingFile.Destination d : routing.destinationsForTeam(team)) {
                if (d.type() != RoutingFile.Type.PAGERDUTY && seen.add(d)) {
                    out.add(new Delivery(d, notice, true));
                }
            }
        }
        return out;
    }

    /**
     * The notice to {@code readerProduct}'s owners (or to {@code team}, granted to read the upstream): the upstream's
     * alert id with the reader appended, the upstream product and its on-call in the summary and the details.
     */
    static AlertStateChanged notice(
            AlertStateChanged upstream, String readerProduct, String owner, String oncall, String team) {
        String reader = team == null ? readerProduct : "team:" + team;
        Map<String, String> details = new HashMap<>();
        details.put("notice", "upstream");
        details.put("upstreamProduct", upstream.getProductId());
        details.put("upstreamAlertId", upstream.getAlertId());
        details.put("upstreamOncall", String.valueOf(upstream.getOncall()));
        details.put("upstreamOwner", String.valueOf(upstream.getOwner()));
        if (team != null) {
            details.put("team", team);
        }
        String who = team == null ? readerProduct + " reads it" : "team " + team + " reads it";
        return AlertStateChanged.newBuilder(upstream)
                .setAlertId(upstream.getAlertId() + "~" + reader)
                .setProductId(readerProduct)
                .setSummary("Upstream " + upstream.getProductId() + " is failing (" + who + "): "
                        + upstream.getSummary() + " - on call for it: " + upstream.getOncall())
                .setOwner(owner)
                .setOncall(oncall)
                .setDetails(new HashMap<>(details))
                .build();
    }
}
