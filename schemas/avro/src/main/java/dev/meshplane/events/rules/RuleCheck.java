package dev.meshplane.events.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the violations of one event: each check names its rule as {@code <event>.<rule>} and says what was found
 * and what is expected.
 */
final class RuleCheck {

    private final String event;
    private final Instant reference;
    private final EventTimeWindow window;
    private final List<Violation> violations = new ArrayList<>();

    RuleCheck(String event, Instant reference, EventTimeWindow window) {
        this.event = event;
        this.reference = reference;
        this.window = window;
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }

    void fail(String rule, String message) {
        violations.add(new Violation(event + "." + rule, message));
    }

    /** {@code <field>-present}: a required id that must not be empty or blank. */
    void present(String rule, String field, String value) {
        if (blank(value)) {
            fail(rule, field + " is empty; expected a non-empty " + field);
        }
    }

    /** The record key and the event's product id: present, and the same, so a product's events share a partition. */
    void keyedBy(String key, String productId) {
        if (blank(key)) {
            fail("key-present", "the record has no key; expected the product id as key");
        } else if (!blank(productId) && !key.equals(productId)) {
            fail(
                    "key-matches-product-id",
                    "the record key '" + key + "' is not the productId '" + productId
                            + "'; expected the product id as key");
        }
    }

    /** {@code <field>-in-window}: an event time within the window around when the record was written. */
    void inWindow(String rule, String field, Instant at) {
        Instant earliest = reference.minus(window.maxPast());
        Instant latest = reference.plus(window.maxFuture());
        if (at.isBefore(earliest) || at.isAfter(latest)) {
            fail(
                    rule,
                    field + " " + at + " is outside " + earliest + " .. " + latest + "; expected an event time at most "
                            + human(window.maxPast()) + " before and " + human(window.maxFuture()) + " after "
                            + reference + ", when the record was written");
        }
    }

    /** {@code <field>-not-in-future}: a time that may be long past (a status entered long ago) but not ahead. */
    void notInFuture(String rule, String field, Instant at) {
        Instant latest = reference.plus(window.maxFuture());
        if (at.isAfter(latest)) {
            fail(
                    rule,
                    field + " " + at + " is after " + latest + "; expected at most " + human(window.maxFuture())
                            + " after " + reference + ", when the record was written");
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String human(Duration d) {
        if (!d.isZero() && d.toSeconds() % 86_400 == 0) {
            long days = d.toDays();
            return days + (days == 1 ? " day" : " days");
        }
        return d.toString();
    }
}
