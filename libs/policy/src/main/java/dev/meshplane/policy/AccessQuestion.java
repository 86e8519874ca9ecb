package dev.meshplane.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an access rule is asked about: a team's request to read a product, and the product as its current version
 * describes it. Access rules see it as two CEL maps, {@code product} and {@code request} ({@link #productMap}, {@link
 * #requestMap}); docs/governance.md lists their fields.
 *
 * @param until when the requested access ends, or null (until revoked)
 * @param now the time the question is asked, so {@code request.days} is fixed for one evaluation
 */
public record AccessQuestion(
        String productId,
        String domain,
        String owner,
        String version,
        List<String> tags,
        List<String> piiFields,
        String team,
        String requester,
        List<String> requesterTeams,
        String reason,
        Instant until,
        Instant now) {

    public AccessQuestion {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(now, "now");
        tags = tags == null ? List.of() : List.copyOf(tags);
        piiFields = piiFields == null ? List.of() : List.copyOf(piiFields);
        requesterTeams = requesterTeams == null ? List.of() : List.copyOf(requesterTeams);
    }

    /** {@code product}: id, domain, name, owner, version, tags, pii (any PII field), piiFields. */
    Map<String, Object> productMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", productId);
        m.put("domain", domain == null ? "" : domain);
        m.put("name", productId.substring(productId.indexOf('/') + 1));
        m.put("owner", owner == null ? "" : owner);
        m.put("version", version == null ? "" : version);
        m.put("tags", tags);
        m.put("pii", !piiFields.isEmpty());
        m.put("piiFields", piiFields);
        return m;
    }

    /**
     * {@code request}: team, requester, requesterTeams, reason ("" when none), hasEndDate, days (whole days from now to
     * the end date, rounded up; 0 without one).
     */
    Map<String, Object> requestMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("team", team);
        m.put("requester", requester == null ? "" : requester);
        m.put("requesterTeams", requesterTeams);
        m.put("reason", reason == null ? "" : reason.strip());
        m.put("hasEndDate", until != null);
        long days = 0;
        if (until != null) {
            Duration left = Duration.between(now, until);
            days = Math.max(0, (left.toSeconds() + 86_399) / 86_400);
        }
        m.put("days", days);
        return m;
    }
}
