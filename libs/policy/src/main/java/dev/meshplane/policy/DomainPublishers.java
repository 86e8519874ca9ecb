package dev.meshplane.policy;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who may publish a domain's products: the members of {@code teams} and the people (or service accounts) named in
 * {@code people}, by the names the identity provider gives them. A domain's policy block may add to its own team
 * ({@code domains.<domain>.publishers}); without one, only the team named like the domain publishes.
 */
public record DomainPublishers(Set<String> teams, Set<String> people) {

    public DomainPublishers {
        teams = Set.copyOf(teams);
        people = Set.copyOf(people);
    }

    /** The default: the team named like the domain, nobody else. */
    public static DomainPublishers teamOf(String domain) {
        return new DomainPublishers(Set.of(domain), Set.of());
    }

    /** Whether {@code name}, a member of {@code memberOf}, may publish. */
    public boolean admits(String name, Set<String> memberOf) {
        return people.contains(name) || memberOf.stream().anyMatch(teams::contains);
    }

    /** For messages: "team(s) sales, platform and pat.admin". */
    public String describe() {
        String t = "team(s) " + String.join(", ", new TreeSet<>(teams));
        return people.isEmpty() ? t : t + " and " + String.join(", ", new TreeSet<>(people));
    }
}
