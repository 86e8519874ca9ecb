package dev.meshplane.policy;

/** What the organisation's and the product's domain's access rules say about a request. */
public sealed interface AccessVerdict {

    /** A rule approves the request on its own: no owner needs to act. */
    record Approved(String rule) implements AccessVerdict {}

    /** A rule refuses the request; {@code message} says what the request lacks. */
    record Refused(String rule, String message) implements AccessVerdict {}

    /** No rule decides: the product's owners do. */
    record ForOwners() implements AccessVerdict {}
}
