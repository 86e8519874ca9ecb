package dev.meshplane.governance.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.meshplane.events.v1.ConsumerObserved;

/**
 * What one sweep of the broker's consumer groups changes in what is known of them ({@code mesh.access.observed}): a
 * group new on a product, or whose committed offsets moved, read at this sweep; a group whose lag or topics changed is
 * written again with its last read unchanged; a group the broker no longer holds offsets for is written once more as
 * no longer present, and kept: a product's last read outlives its readers' offsets (the broker expires an idle group's
 * offsets after {@code offsets.retention.minutes}, 7 days by default). Nothing is written for what did not change.
 */
final class ReaderSweeps {

    private ReaderSweeps() {}

    /**
     * @param sweep the broker's answer: product id → group → reading
     * @param known the latest observation per {@code productId|group}
     * @param baseline true for the first sweep of a platform with no observation yet: the groups it finds read at some
     *     time before it, not at it, so their last read stays unknown
     */
    static List<ConsumerObserved> changes(
            Map<String, Map<String, ObservedConsumers.Reading>> sweep,
            Map<String, ConsumerObserved> known,
            boolean baseline,
            Instant now) {
        List<ConsumerObserved> out = new ArrayList<>();
        sweep.forEach((product, groups) -> groups.forEach((group, r) -> {
            ConsumerObserved before = known.get(AccessKeys.of(product, group));
            List<String> topics = List.copyOf(r.topics());
            if (before == null) {
                out.add(observed(product, r, topics, now, baseline ? null : now, now));
            } else if (!before.getPresent() || before.getCommitted() != r.committed()) {
                out.add(observed(product, r, topics, before.getFirstSeenAt(), now, now));
            } else if (before.getLag() != r.lag() || !before.getTopics().equals(topics)) {
                out.add(observed(product, r, topics, before.getFirstSeenAt(), before.getLastReadAt(), now));
            }
        }));
        known.forEach((key, before) -> {
            if (before.getPresent()
                    && !sweep.getOrDefault(before.getProductId(), Map.of()).containsKey(before.getGroup())) {
                out.add(ConsumerObserved.newBuilder(before)
                        .setPresent(false)
                        .setObservedAt(now)
                        .build());
            }
        });
        return out;
    }

    private static ConsumerObserved observed(
            String product,
            ObservedConsumers.Reading r,
            List<String> topics,
            Instant firstSeen,
            Instant lastRead,
            Instant now) {
        return ConsumerObserved.newBuilder()
                .setProductId(product)
                .setGroup(r.group())
                .setTeam(r.team())
                .setTopics(topics)
                .setCommitted(r.committed())
                .setLag(r.lag())
                .setPresent(true)
                .setFirstSeenAt(firstSeen)
                .setLastReadAt(lastRead)
                .setObservedAt(now)
                .build();
    }
}
