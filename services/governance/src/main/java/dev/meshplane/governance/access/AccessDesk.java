package dev.meshplane.governance.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.ProductId;
import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessOutcome;
import dev.meshplane.events.v1.AccessRequested;
import dev.meshplane.events.v1.AccessRevoked;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.SchemaFieldSpec;
import dev.meshplane.governance.messaging.PublishedProducts;
import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;
import dev.meshplane.policy.AccessQuestion;
import dev.meshplane.policy.AccessVerdict;
import dev.meshplane.policy.DomainPublishers;
import dev.meshplane.policy.PolicyEngine;
import dev.meshplane.topics.Topics;

/**
 * Self-service access: a team asks to read a product, the product's owners (its domain's team, and whom the domain's
 * policy adds as publishers) approve or deny, or the organisation's and domain's access rules decide on their own; an
 * owner revokes a grant; a grant with an end date ends by itself ({@link #expire}). The requester and the decider are
 * always the verified caller, never a field. Every refusal says what to change, and changes nothing.
 */
@ApplicationScoped
public class AccessDesk {

    /** Longest reason kept. */
    public static final int MAX_REASON = 500;

    /** How long an answer waits for a request another replica has just written (its ledger polls every 200 ms). */
    private static final long CATCH_UP_MILLIS = 2_000;

    private final AccessLedger ledger;
    private final AccessLog log;
    private final PublishedProducts products;
    private final PolicyEngine engine;
    private final Clock clock;

    @Inject
    public AccessDesk(AccessLedger ledger, AccessLog log, PublishedProducts products, PolicyEngine engine) {
        this(ledger, log, products, engine, Clock.systemUTC());
    }

    public AccessDesk(
            AccessLedger ledger, AccessLog log, PublishedProducts products, PolicyEngine engine, Clock clock) {
        this.ledger = ledger;
        this.log = log;
        this.products = products;
        this.engine = engine;
        this.clock = clock;
    }

    /**
     * A team's request to read a product, by one of its members. Approved at once when an access rule says so,
     * refused (422, naming the rule) when one refuses it, else left for the owners.
     */
    public synchronized AccessViews.Request request(
            Caller caller, String product, String team, String reason, String until) {
        ready();
        DataProductPublished current = published(product, "product");
        String productId = current.getProductId();
        if (team == null || team.isBlank()) {
            throw ProblemException.badParameter(
                    "team", "team is the team that will read the product: one of yours (" + caller.names() + ")");
        }
        if (!caller.teams().contains(team)) {
            throw ProblemException.forbidden(
                    "you are not in team '" + ApiProblem.quote(team) + "' (your token names " + caller.names()
                            + "): a team's own members ask for it; ask one of them, or ask for one of your teams",
                    "team");
        }
        String why = reason(reason, "reason");
        Instant now = clock.instant();
        Instant end = AccessDates.until(until, now, "until");
        ledger.grant(productId, team).filter(g -> !AccessLedger.expired(g, now)).ifPresent(g -> {
            throw conflict("team '" + team + "' can already read " + productId + " (granted by " + g.getGrantedBy()
                    + (g.getUntil() == null ? "" : ", until " + g.getUntil())
                    + "): there is nothing to ask for");
        });
        ledger.pendingFor(productId, team).ifPresent(r -> {
            throw conflict("request " + r.getRequestId() + " of " + r.getRequestedBy() + " for team '" + team
                    + "' to read " + productId + " is already waiting for the owners ("
                    + engine.publishers(domain(productId)).describe() + ")");
        });
        AccessVerdict verdict = engine.decideAccess(question(current, caller, team, why, end, now));
        if (verdict instanceof AccessVerdict.Refused refused) {
            throw new ProblemException(ApiProblem.of(
                    422,
                    "access policy '" + refused.rule() + "' refuses this request: " + refused.message()
                            + "; nothing was recorded"));
        }
        AccessRequested request = AccessRequested.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setProductId(productId)
                .setTeam(team)
                .setRequestedBy(caller.person())
                .setReason(why)
                .setRequestedAt(now)
                .setUntil(end)
                .build();
        List<AccessLedger.Entry> out = new ArrayList<>();
        out.add(new AccessLedger.Entry(Topics.ACCESS_REQUESTS.name(), request.getRequestId(), request));
        if (verdict instanceof AccessVerdict.Approved approved) {
            out.addAll(approval(request, "policy:" + approved.rule(), null, end, now));
        }
        log.write(out);
        return view(request);
    }

    /** An owner's approval; {@code until} (optional) sets or replaces the end date the request asked for. */
    public AccessViews.Request approve(Caller caller, String requestId, String until, String reason) {
        ready();
        AccessRequested found = find(requestId); // may wait for the ledger: outside the lock
        synchronized (this) {
            return approve(caller, found, until, reason);
        }
    }

    private AccessViews.Request approve(Caller caller, AccessRequested found, String until, String reason) {
        owner(caller, found.getProductId(), "approve");
        AccessRequested request = undecided(found);
        Instant now = clock.instant();
        Instant end = until == null ? request.getUntil() : AccessDates.until(until, now, "until");
        if (end != null && !end.isAfter(now)) {
            throw ProblemException.badParameter(
                    "until", "the request asked for access until " + end + ", which has passed: give a new --until");
        }
        log.write(approval(request, caller.person(), reason(reason, "reason"), end, now));
        return view(request);
    }

    /** An owner's denial; the reason is required, so the requester learns why. */
    public AccessViews.Request deny(Caller caller, String requestId, String reason) {
        ready();
        AccessRequested found = find(requestId); // may wait for the ledger: outside the lock
        synchronized (this) {
            return deny(caller, found, reason);
        }
    }

    private AccessViews.Request deny(Caller caller, AccessRequested found, String reason) {
        owner(caller, found.getProductId(), "deny");
        AccessRequested request = undecided(found);
        String why = reason(reason, "reason");
        if (why == null) {
            throw ProblemException.badParameter(
                    "reason", "a denial says why (reason), so the team knows what would change the answer");
        }
        log.write(List.of(answer(request, AccessOutcome.DENIED, caller.person(), why, null, clock.instant())));
        return view(request);
    }

    /**
     * An owner ends a team's grant: its tombstone and an {@link AccessRevoked} in one transaction. A team the current
     * version declares in {@code spec.access.allow} is refused (409): the descriptor is the source of truth there.
     */
    public synchronized AccessViews.Grant revoke(Caller caller, String product, String team, String reason) {
        ready();
        DataProductPublished current = published(product, "product");
        String productId = current.getProductId();
        owner(caller, productId, "revoke access to");
        AccessGranted grant = ledger.grant(productId, team == null ? "" : team)
                .orElseThrow(() -> ProblemException.notFound("team '" + ApiProblem.quote(team) + "' has no grant on "
                        + productId + " (mesh access list " + productId + " shows who has)"));
        if (DescriptorEvents.allowedTeams(current.getDescriptor()).contains(team)) {
            throw conflict("version " + current.getVersion() + " of " + productId + " allows team '" + team
                    + "' in spec.access.allow: publish a version without it to end its access");
        }
        String why = reason(reason, "reason");
        log.write(revocation(grant, caller.person(), why == null ? "revoked by an owner" : why, clock.instant()));
        return AccessViews.grant(grant);
    }

    /** Revokes every grant whose end date has passed; returns how many. Run by {@link AccessExpiry}. */
    public synchronized int expire() {
        if (!ledger.loaded()) {
            return 0;
        }
        Instant now = clock.instant();
        List<AccessLedger.Entry> out = new ArrayList<>();
        int ended = 0;
        for (AccessGranted g : ledger.grants()) {
            if (AccessLedger.expired(g, now)) {
                out.addAll(revocation(g, "expiry", "the grant ended at " + g.getUntil(), now));
                ended++;
            }
        }
        log.write(out);
        return ended;
    }

    /** Requests waiting for an answer: of one product, or of every product ({@code product} null). */
    public List<AccessViews.Request> pending(String product) {
        ready();
        String productId =
                product == null ? null : published(product, "product").getProductId();
        return ledger.pending(productId).stream().map(this::view).toList();
    }

    public AccessViews.Request get(String requestId) {
        ready();
        return view(find(requestId));
    }

    /** Who may read a product: declared, granted (with who and until when), waiting, and the recent answers. */
    public AccessViews.Product product(String product) {
        ready();
        DataProductPublished current = published(product, "product");
        String productId = current.getProductId();
        var access = current.getDescriptor().getAccess();
        String byDefault = access == null || access.getDefaultPolicy() == null ? "deny" : access.getDefaultPolicy();
        Instant now = clock.instant();
        return new AccessViews.Product(
                productId,
                current.getVersion(),
                byDefault,
                List.copyOf(new TreeSet<>(DescriptorEvents.allowedTeams(current.getDescriptor()))),
                ledger.grantsOf(productId).stream()
                        .filter(g -> !AccessLedger.expired(g, now))
                        .map(AccessViews::grant)
                        .toList(),
                ledger.pending(productId).stream().map(this::view).toList(),
                ledger.decisionsOf(productId).stream()
                        .limit(20)
                        .flatMap(d -> ledger.request(d.getRequestId()).map(r -> AccessViews.request(r, d)).stream())
                        .toList(),
                engine.publishers(domain(productId)).describe(),
                List.of(),
                null);
    }

    private List<AccessLedger.Entry> approval(
            AccessRequested request, String decidedBy, String reason, Instant end, Instant now) {
        List<AccessLedger.Entry> out = new ArrayList<>();
        out.add(answer(request, AccessOutcome.APPROVED, decidedBy, reason, end, now));
        AccessGranted existing = ledger.grant(request.getProductId(), request.getTeam())
                .filter(g -> !AccessLedger.expired(g, now))
                .orElse(null);
        if (existing == null || existing.getUntil() != null && (end == null || end.isAfter(existing.getUntil()))) {
            AccessGranted grant = AccessEvents.granted(
                    request.getProductId(), request.getTeam(), request.getRequestId(), decidedBy, now, end);
            out.add(new AccessLedger.Entry(
                    Topics.ACCESS_GRANTS.name(), AccessKeys.of(request.getProductId(), request.getTeam()), grant));
        }
        return out;
    }

    /** The answer to {@code request}, keyed by its id on {@code mesh.access.decisions}. */
    private static AccessLedger.Entry answer(
            AccessRequested request, AccessOutcome outcome, String by, String reason, Instant until, Instant now) {
        AccessDecided answer = AccessDecided.newBuilder()
                .setRequestId(request.getRequestId())
                .setProductId(request.getProductId())
                .setTeam(request.getTeam())
                .setOutcome(outcome)
                .setDecidedBy(by)
                .setReason(reason)
                .setUntil(until)
                .setDecidedAt(now)
                .build();
        return new AccessLedger.Entry(Topics.ACCESS_DECISIONS.name(), request.getRequestId(), answer);
    }

    private static List<AccessLedger.Entry> revocation(AccessGranted grant, String by, String reason, Instant now) {
        AccessRevoked revoked = AccessEvents.revoked(grant.getProductId(), grant.getTeam(), by, reason, now);
        String key = AccessKeys.of(grant.getProductId(), grant.getTeam());
        return List.of(
                new AccessLedger.Entry(Topics.ACCESS_GRANTS.name(), key, null),
                new AccessLedger.Entry(Topics.ACCESS_REVOCATIONS.name(), key, revoked));
    }

    private AccessQuestion question(
            DataProductPublished current, Caller caller, String team, String reason, Instant until, Instant now) {
        var d = current.getDescriptor();
        List<String> pii = new ArrayList<>();
        if (d.getFields() != null) {
            for (SchemaFieldSpec f : d.getFields()) {
                if (Boolean.TRUE.equals(f.getPii())) {
                    pii.add(f.getName());
                }
            }
        }
        return new AccessQuestion(
                current.getProductId(),
                domain(current.getProductId()),
                d.getMetadata().getOwner(),
                current.getVersion(),
                d.getMetadata().getTags(),
                pii,
                team,
                caller.person(),
                caller.teams(),
                reason,
                until,
                now);
    }

    private void owner(Caller caller, String productId, String act) {
        DomainPublishers owners = engine.publishers(domain(productId));
        Set<String> teams = new HashSet<>(caller.teams());
        if (!owners.admits(caller.person(), teams)) {
            throw ProblemException.forbidden(
                    "only the owners of " + productId + " (" + owners.describe() + ") " + act + " its access requests;"
                            + " you are " + caller.person() + " in " + caller.names()
                            + ": nothing was changed",
                    null);
        }
    }

    /** {@code request}, unless it has been answered (409). Called holding the lock, so no answer comes twice. */
    private AccessRequested undecided(AccessRequested request) {
        String requestId = request.getRequestId();
        ledger.decision(requestId).ifPresent(d -> {
            throw conflict("request " + requestId + " was already "
                    + d.getOutcome().name().toLowerCase() + " by "
                    + d.getDecidedBy() + " at " + d.getDecidedAt() + ": nothing was changed (a new request asks"
                    + " again)");
        });
        return request;
    }

    private AccessRequested find(String requestId) {
        if (requestId == null || requestId.isBlank()) {
            throw ProblemException.badParameter(
                    "requestId", "give the id of a request (mesh access pending lists them)");
        }
        long deadline = System.currentTimeMillis() + CATCH_UP_MILLIS;
        while (true) {
            var found = ledger.request(requestId);
            if (found.isPresent()) {
                return found.get();
            }
            if (System.currentTimeMillis() >= deadline || !waitForLedger()) {
                throw ProblemException.notFound(
                        "no access request " + ApiProblem.quote(requestId) + " (mesh access pending lists them)");
            }
        }
    }

    /** Waits a little for the ledger to read more; false when interrupted. */
    private boolean waitForLedger() {
        try {
            ledger.awaitChange(ledger.changeCount(), Duration.ofMillis(250));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private DataProductPublished published(String product, String field) {
        ProductId id;
        try {
            id = ProductId.parse(product == null ? "" : product);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter(
                    field,
                    "'" + ApiProblem.quote(product) + "' is not a product id: write DOMAIN/NAME, e.g."
                            + " sales/orders-daily-summary");
        }
        DataProductPublished current = products.current(id.toString());
        if (current == null) {
            throw ProblemException.notFound(
                    "no published product " + id + " (mesh products lists them): only a published product can be read");
        }
        return current;
    }

    private void ready() {
        if (!ledger.loaded()) {
            throw new ProblemException(ApiProblem.of(
                    503, "governance is still reading the access requests and grants: try again in a few seconds"));
        }
    }

    private static String reason(String reason, String field) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        if (reason.length() > MAX_REASON) {
            throw ProblemException.badParameter(
                    field, field + " is at most " + MAX_REASON + " characters; this one has " + reason.length());
        }
        return reason.strip();
    }

    private static String domain(String productId) {
        return productId.substring(0, productId.indexOf('/'));
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(ApiProblem.of(409, detail));
    }

    private AccessViews.Request view(AccessRequested request) {
        return AccessViews.request(
                request, ledger.decision(request.getRequestId()).orElse(null));
    }
}
