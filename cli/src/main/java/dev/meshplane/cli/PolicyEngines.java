package dev.meshplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.meshplane.policy.PolicyEngine;

/** The policy set the CLI uses: the given file, else this checkout's example file, else the built-ins. */
final class PolicyEngines {

    private PolicyEngines() {}

    static PolicyEngine load(Path explicit) {
        if (explicit != null) {
            return PolicyEngine.withPolicyFile(explicit);
        }
        String root = System.getProperty("meshplane.root");
        if (root != null) {
            Path repoFile = Path.of(root, "policies/mesh-policies.yaml");
            if (Files.isRegularFile(repoFile)) {
                return PolicyEngine.withPolicyFile(repoFile);
            }
        }
        return PolicyEngine.builtInOnly();
    }
}
