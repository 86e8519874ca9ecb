package dev.meshplane.policy;

import java.util.List;

import dev.meshplane.descriptor.DataProduct;

/** One governance standard, as code. Ids are stable: teams and dashboards refer to them. */
public interface Policy {

    String id();

    Severity severity();

    /** One sentence teams read in {@code GET /api/v1/policies}. */
    String description();

    /** Every violation of this policy by {@code product}; empty when it complies. */
    List<Violation> check(DataProduct product, PolicyContext context);
}
