package dev.meshplane.alerting.service.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.meshplane.alerting.RoutingFile;
import dev.meshplane.alerting.service.products.ProductDirectory;
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

    /** One message to one destination. */
    public record Delivery(RoutingFile.Destination destination, AlertStateChanged message, boolean notice) {}

    private final RoutingFile routing;
    private final ProductDirectory products;

    public Dispatch(RoutingFile routing, ProductDirectory products) {
        this.routing = routing;
        this.products = products;
    }

    public List<Delivery> deliveries(AlertStateChanged alert) {
        List<Delivery> out = new ArrayList<>();
        for (RoutingFile.Destination d : routing.destinationsFor(alert)) {
            out.add(new Delivery(d, alert, false));
        }
        if (alert.getState() != AlertState.FIRING) {
            return out;
        }
        for (ProductDirectory.Product reader : products.readersOf(alert.getProductId())) {
            AlertStateChanged notice = notice(alert, reader.productId(), reader.owner(), reader.oncall(), null);
            for (RoutingFile.Destination d : routing.destinationsFor(notice)) {
                if (d.type() != RoutingFile.Type.PAGERDUTY) {
                    out.add(new Delivery(d, notice, true));
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
