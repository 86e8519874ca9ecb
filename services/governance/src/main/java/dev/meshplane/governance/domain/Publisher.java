package dev.meshplane.governance.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.policy.DomainPublishers;
import dev.meshplane.policy.Severity;
import dev.meshplane.policy.Violation;

/**
 * Who asked to publish, as governance established it from the credential on the request, never from a field the
 * publisher wrote. The owning team of a product is the team named like its domain: only its members (people or the
 * domain's pipelines), and whom the domain's policy adds ({@code domains.<domain>.publishers}), publish into that
 * domain, so no other team can overwrite or take over its products.
 */
public sealed interface Publisher {

    /** Policy id of a request whose publisher could not be verified. */
    String VERIFIED = "publisher-verified";
    /** Policy id of a verified publisher outside the product's owning team. */
    String IN_OWNING_TEAM = "publisher-in-owning-team";

    /** A credential the identity provider's keys verify: its user (or service account) and teams. */
    record Verified(String name, Set<String> teams) implements Publisher {
        public Verified {
            teams = Set.copyOf(teams);
        }
    }

    /** No credential, or one that was refused; {@code why} says which and how to fix it. */
    record Unverified(String why) implements Publisher {}

    /** Identity checks are off ({@code meshplane.identity.required=false}): anyone publishes, as before. */
    record NotChecked() implements Publisher {}

    /** The verified name, or null. */
    default String name() {
        return this instanceof Verified v ? v.name() : null;
    }

    /** What keeps this publisher from publishing {@code product}, when only its domain's team may. */
    default List<Violation> violations(DataProduct product) {
        String domain = product.metadata().domain();
        return violations(product, domain == null ? null : DomainPublishers.teamOf(domain));
    }

    /**
     * What keeps this publisher from publishing {@code product}, whose domain's policy admits {@code allowed} (null:
     * the product names no domain, which the policies report); empty when nothing does.
     */
    default List<Violation> violations(DataProduct product, DomainPublishers allowed) {
        List<Violation> found = new ArrayList<>();
        if (this instanceof Unverified u) {
            found.add(new Violation(VERIFIED, Severity.ERROR, "", u.why()));
        } else if (this instanceof Verified v) {
            String domain = product.metadata().domain();
            if (domain != null && allowed != null && !allowed.admits(v.name(), v.teams())) {
                found.add(new Violation(
                        IN_OWNING_TEAM,
                        Severity.ERROR,
                        "metadata.domain",
                        v.name() + " is in " + describe(v.teams()) + "; products of domain '" + domain
                                + "' are published by " + allowed.describe() + " only: ask an owner of '" + domain
                                + "' to publish it, or to add you to that team"));
            }
        }
        return found;
    }

    private static String describe(Set<String> teams) {
        return teams.isEmpty() ? "no team" : "team(s) " + String.join(", ", new TreeSet<>(teams));
    }
}
