package dev.meshplane.governance.config;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.meshplane.governance.domain.PublicationDecider;
import dev.meshplane.governance.domain.SchemaRegistry;
import dev.meshplane.governance.domain.TopicAdmin;
import dev.meshplane.policy.PolicyEngine;

/**
 * Loads the policy set once at start. A policy file that does not load stops the service with every problem named:
 * running with fewer rules than the organisation wrote would let products through that should not pass.
 */
public class PolicyEngineProducer {

    private static final Logger LOG = Logger.getLogger(PolicyEngineProducer.class);

    @Produces
    @Singleton
    PolicyEngine policyEngine(GovernanceConfig config) {
        if (config.policyFile().isEmpty()) {
            LOG.info("no meshplane.policy-file: built-in policies only");
            return PolicyEngine.builtInOnly();
        }
        PolicyEngine engine =
                PolicyEngine.withPolicyFile(Path.of(config.policyFile().get()));
        LOG.infof(
                "loaded %d policies from %s",
                engine.describe().size(), config.policyFile().get());
        return engine;
    }

    @Produces
    @Singleton
    PublicationDecider decider(
            PolicyEngine engine, SchemaRegistry registry, TopicAdmin topics, GovernanceConfig config) {
        return new PublicationDecider(engine, registry, topics, config.defaultPartitions());
    }
}
