package dev.meshplane.governance.domain;

import java.util.List;

import dev.meshplane.policy.Violation;

/** The outcome of one publication request, before it becomes events. */
public record Decision(
        boolean accepted, List<Violation> violations, String outputTopic, Long schemaGlobalId, long evaluationMicros) {}
