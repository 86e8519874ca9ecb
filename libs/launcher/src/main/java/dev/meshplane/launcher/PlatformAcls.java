package dev.meshplane.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import dev.meshplane.topics.Topics;

/**
 * Every ACL of the platform's broker, the one table both the launcher applies and {@code docs/security.md} shows
 * ({@code PlatformAclsTest} fails when they differ). The broker denies whatever no row allows. Each service account
 * gets exactly what its code does: the topics it reads and writes, its consumer groups, its Kafka Streams internal
 * topics and transactional ids under its application id. Each domain's pipeline writes its own products' topics
 * ({@code <domain>.}) and the platform's intake topics. Every authenticated principal may ask for a publication
 * (governance then checks the credential inside the request), read the published products and the decisions (what
 * the catalog shows anyone), and follow the alerts; nobody but governance reads the requests. Who reads a product's
 * output is not in this table: governance grants it to the teams the product allows, as {@code Team:} ACLs it keeps
 * equal to {@code mesh.access.grants} (which is why it alone may alter the cluster's ACLs).
 */
public final class PlatformAcls {

    public static final String EVERYONE = "User:*";

    public static final String GOVERNANCE = BrokerSecurity.servicePrincipal("svc-governance");
    public static final String CATALOG = BrokerSecurity.servicePrincipal("svc-catalog");
    public static final String QUALITY = BrokerSecurity.servicePrincipal("svc-quality");
    public static final String FRESHNESS = BrokerSecurity.servicePrincipal("svc-freshness");
    public static final String ALERTING = BrokerSecurity.servicePrincipal("svc-alerting");

    /** The domains whose pipelines the seeded realm has a service account for ({@code pipeline-<domain>}). */
    public static final List<String> SEEDED_PIPELINE_DOMAINS = List.of("sales", "customers");

    /** One row of the table: {@code principal} may do {@code operations} on a resource. */
    public record Grant(
            String principal,
            ResourceType resource,
            String name,
            PatternType pattern,
            List<AclOperation> operations,
            String why) {

        List<AclBinding> bindings() {
            return operations.stream()
                    .map(op -> new AclBinding(
                            new ResourcePattern(resource, name, pattern),
                            new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)))
                    .toList();
        }

        /** A Markdown table row: principal, resource, operations, why. */
        String markdown() {
            String what = resource.name().toLowerCase().replace('_', ' ') + " `" + name + "`"
                    + (pattern == PatternType.PREFIXED ? " (prefix)" : "");
            List<String> ops = operations.stream().map(AclOperation::name).toList();
            return "| `" + principal + "` | " + what + " | " + String.join(", ", ops) + " | " + why + " |";
        }
    }

    private PlatformAcls() {}

    /** The whole table for a platform whose pipelines are those of {@code pipelineDomains}. */
    public static List<Grant> table(List<String> pipelineDomains) {
        List<Grant> t = new ArrayList<>();
        String requests = Topics.PUBLICATIONS_REQUESTED.name();
        String decisions = Topics.GOVERNANCE_DECISIONS.name();
        String products = Topics.PRODUCTS.name();
        String deadLetters = Topics.DEAD_LETTERS.name();
        List<AclOperation> read = List.of(AclOperation.READ);
        List<AclOperation> write = List.of(AclOperation.WRITE);
        List<AclOperation> readWrite = List.of(AclOperation.READ, AclOperation.WRITE);
        List<AclOperation> transactions = List.of(AclOperation.WRITE, AclOperation.DESCRIBE);

        t.add(topic(EVERYONE, requests, write, "anyone authenticated asks; governance checks the credential inside"));
        t.add(topic(EVERYONE, decisions, read, "`mesh publish` waits for its decision"));
        t.add(topic(EVERYONE, products, read, "the published products, as the catalog shows them"));
        t.add(topic(EVERYONE, Topics.QUALITY_ALERTS.name(), read, "`mesh alerts`"));
        t.add(topic(EVERYONE, Topics.FRESHNESS_ALERTS.name(), read, "`mesh alerts`"));
        t.add(topic(EVERYONE, Topics.ACCESS_GRANTS.name(), read, "`mesh access list`: who may read which product"));

        t.add(topic(GOVERNANCE, requests, read, "decides publication requests"));
        t.add(group(GOVERNANCE, "meshplane-governance", PatternType.PREFIXED, "its request group and view groups"));
        t.add(topic(GOVERNANCE, products, readWrite, "writes accepted products; reads them back as its view"));
        t.add(topic(GOVERNANCE, decisions, readWrite, "writes decisions; reads them back as its view"));
        t.add(topic(GOVERNANCE, deadLetters, write, "unreadable requests"));
        t.add(new Grant(
                GOVERNANCE,
                ResourceType.TRANSACTIONAL_ID,
                "meshplane-governance-",
                PatternType.PREFIXED,
                transactions,
                "a decision with its product, grants or dead letter; an access decision with its grant"));
        t.add(new Grant(
                GOVERNANCE,
                ResourceType.TOPIC,
                "*",
                PatternType.LITERAL,
                List.of(AclOperation.CREATE, AclOperation.DESCRIBE),
                "provisions an accepted product's output topic (any domain's name); sees its end offsets"));
        t.add(new Grant(
                GOVERNANCE,
                ResourceType.GROUP,
                "*",
                PatternType.LITERAL,
                List.of(AclOperation.DESCRIBE),
                "sees which consumer groups read a product and their lag (`mesh access list`, the sweeps of"
                        + " observed readers)"));
        t.add(topic(
                GOVERNANCE,
                Topics.ACCESS_GRANTS.name(),
                readWrite,
                "writes a version's grants with its decision; follows them to set the team ACLs"));
        t.add(topic(GOVERNANCE, Topics.ACCESS_REVOCATIONS.name(), write, "the audit trail of revoked grants"));
        t.add(topic(
                GOVERNANCE,
                Topics.ACCESS_REQUESTS.name(),
                readWrite,
                "records the access requests its HTTP API takes; reads them back as its view"));
        t.add(topic(
                GOVERNANCE,
                Topics.ACCESS_DECISIONS.name(),
                readWrite,
                "records approvals and denials (with their grant, in one transaction); reads them back"));
        t.add(topic(
                GOVERNANCE,
                Topics.ACCESS_OBSERVED.name(),
                readWrite,
                "records the consumer groups its sweeps see reading each product; reads them back"));
        t.add(new Grant(
                GOVERNANCE,
                ResourceType.CLUSTER,
                "kafka-cluster",
                PatternType.LITERAL,
                List.of(AclOperation.ALTER, AclOperation.DESCRIBE),
                "creates, deletes and lists the `Team:` ACLs of the grants (Kafka has no narrower right for ACLs)"));

        t.addAll(streamsApp(
                CATALOG,
                "meshplane-catalog-",
                PatternType.PREFIXED,
                List.of(
                        products,
                        decisions,
                        Topics.QUALITY_CHECKS.name(),
                        Topics.QUALITY_ALERTS.name(),
                        Topics.FRESHNESS_ALERTS.name(),
                        Topics.FRESHNESS_STATUS.name(),
                        Topics.FEEDBACK.name(),
                        Topics.ACCESS_REQUESTS.name(),
                        Topics.ACCESS_DECISIONS.name(),
                        Topics.ACCESS_GRANTS.name(),
                        Topics.ACCESS_OBSERVED.name(),
                        Topics.INCIDENTS.name(),
                        Topics.ALERT_DELIVERIES.name(),
                        deadLetters),
                List.of(Topics.FEEDBACK.name(), deadLetters),
                false));
        t.addAll(streamsApp(
                QUALITY,
                "meshplane-quality",
                PatternType.LITERAL,
                List.of(Topics.QUALITY_RESULTS.name(), products),
                List.of(Topics.QUALITY_CHECKS.name(), Topics.QUALITY_ALERTS.name(), deadLetters),
                true));
        t.addAll(streamsApp(
                FRESHNESS,
                "meshplane-freshness",
                PatternType.LITERAL,
                List.of(Topics.FRESHNESS_SIGNALS.name(), products),
                List.of(Topics.FRESHNESS_STATUS.name(), Topics.FRESHNESS_ALERTS.name(), deadLetters),
                true));

        t.add(topic(ALERTING, Topics.QUALITY_ALERTS.name(), read, "delivers quality alerts"));
        t.add(topic(ALERTING, Topics.FRESHNESS_ALERTS.name(), read, "delivers freshness alerts"));
        t.add(topic(ALERTING, products, read, "owners, on-calls and readers of each product, for notices"));
        t.add(topic(ALERTING, Topics.ACCESS_GRANTS.name(), read, "the teams granted a product, for notices"));
        t.add(topic(ALERTING, Topics.ALERT_DELIVERIES.name(), write, "how each delivery ended"));
        t.add(topic(
                ALERTING,
                Topics.INCIDENTS.name(),
                readWrite,
                "records each incident's changes (ack, snooze, resolve); reads them back whole at start"));
        t.add(topic(ALERTING, deadLetters, write, "records on the alert topics that are not alerts"));
        t.add(group(
                ALERTING,
                "meshplane-alerting",
                PatternType.PREFIXED,
                "the delivering group, offsets committed after delivery (meshplane.alerting.group: a second group"
                        + " reads every alert again, e.g. to replay into a new destination)"));

        for (String domain : pipelineDomains) {
            String pipeline = BrokerSecurity.servicePrincipal("pipeline-" + domain);
            t.add(new Grant(
                    pipeline,
                    ResourceType.TOPIC,
                    domain + ".",
                    PatternType.PREFIXED,
                    write,
                    "`mesh run` writes its domain's products"));
            t.add(topic(pipeline, Topics.QUALITY_RESULTS.name(), write, "a run's quality results"));
            t.add(topic(pipeline, Topics.FRESHNESS_SIGNALS.name(), write, "a run's freshness signal"));
            t.add(topic(pipeline, Topics.WATERMARKS.name(), readWrite, "where the last run got to"));
            t.add(new Grant(
                    pipeline,
                    ResourceType.TRANSACTIONAL_ID,
                    "mesh-run-" + domain + "/",
                    PatternType.PREFIXED,
                    transactions,
                    "a run is one transaction"));
        }
        return t;
    }

    /**
     * A Kafka Streams application: its input topics, its outputs, its consumer group, and everything under its
     * application id (internal topics: ALL; transactional ids, with exactly-once).
     */
    private static List<Grant> streamsApp(
            String principal,
            String applicationId,
            PatternType groupPattern,
            List<String> reads,
            List<String> writes,
            boolean exactlyOnce) {
        List<Grant> t = new ArrayList<>();
        for (String topic : reads) {
            t.add(topic(principal, topic, List.of(AclOperation.READ), "input"));
        }
        for (String topic : writes) {
            t.add(topic(principal, topic, List.of(AclOperation.WRITE), "output"));
        }
        String prefix = applicationId.endsWith("-") ? applicationId : applicationId + "-";
        t.add(group(principal, applicationId, groupPattern, "its Kafka Streams application id"));
        t.add(new Grant(
                principal,
                ResourceType.TOPIC,
                prefix,
                PatternType.PREFIXED,
                List.of(AclOperation.ALL),
                "its Kafka Streams internal topics (state changelogs)"));
        if (exactlyOnce) {
            t.add(new Grant(
                    principal,
                    ResourceType.TRANSACTIONAL_ID,
                    prefix,
                    PatternType.PREFIXED,
                    List.of(AclOperation.WRITE, AclOperation.DESCRIBE),
                    "exactly-once processing"));
        }
        return t;
    }

    private static Grant topic(String principal, String name, List<AclOperation> ops, String why) {
        return new Grant(principal, ResourceType.TOPIC, name, PatternType.LITERAL, ops, why);
    }

    private static Grant group(String principal, String name, PatternType pattern, String why) {
        return new Grant(principal, ResourceType.GROUP, name, pattern, List.of(AclOperation.READ), why);
    }

    /** Every binding of {@code table}. */
    public static List<AclBinding> bindings(List<Grant> table) {
        return table.stream().flatMap(g -> g.bindings().stream()).toList();
    }

    /** The table as Markdown, for the docs. */
    public static String markdown(List<Grant> table) {
        StringBuilder s = new StringBuilder("| principal | resource | operations | why |\n|---|---|---|---|\n");
        table.forEach(g -> s.append(g.markdown()).append('\n'));
        return s.toString();
    }

    /**
     * Creates every binding of {@code table} with the operator's client ({@link BrokerSecurity#operatorClient}).
     * Idempotent: the broker keeps one copy of a binding created twice.
     *
     * @return how many bindings the table holds
     */
    public static int apply(Map<String, Object> operatorClient, List<Grant> table) {
        List<AclBinding> bindings = bindings(table);
        try (Admin admin = Admin.create(operatorClient)) {
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
            return bindings.size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("creating the platform's ACLs failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        }
    }

    /**
     * The broker's ACLs whose principal starts with {@code principalPrefix} (all for ""), one line each, sorted:
     * principal, operation, resource type and name ({@code *} after a prefix pattern). Only the operator may list them
     * all.
     */
    public static List<String> describe(Map<String, Object> operatorClient, String principalPrefix) {
        try (Admin admin = Admin.create(operatorClient)) {
            return admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).stream()
                    .filter(b -> b.entry().principal().startsWith(principalPrefix))
                    .map(b -> String.format(
                            "%-40s %-6s %-16s %s%s",
                            b.entry().principal(),
                            b.entry().operation(),
                            b.pattern().resourceType().name().toLowerCase(),
                            b.pattern().name(),
                            b.pattern().patternType() == PatternType.PREFIXED ? "*" : ""))
                    .sorted()
                    .toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("listing the ACLs failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing ACLs", e);
        }
    }
}
