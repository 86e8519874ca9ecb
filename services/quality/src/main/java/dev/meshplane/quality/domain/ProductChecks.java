package dev.meshplane.quality.domain;

import java.util.List;

import dev.meshplane.descriptor.DataProduct;

/** What the quality service keeps of a published product: who to alert and which checks to run. */
public record ProductChecks(
        String productId, String version, String owner, String oncall, List<DataProduct.QualityCheck> checks) {}
