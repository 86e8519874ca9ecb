package dev.meshplane.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.policy.PolicyContext;
import dev.meshplane.policy.PolicyEngine;
import dev.meshplane.policy.Violation;

/**
 * The policy engine per descriptor: built-ins plus the example policy file's CEL rules, on a passing and a failing
 * descriptor, after a warm-up. Each evaluation is timed on its own (System.nanoTime), like JMH's SampleTime mode.
 *
 * <p>{@code PolicyEngineBench POLICY_FILE PASSING.yaml FAILING.yaml [ITERATIONS]}
 */
public final class PolicyEngineBench {

    private PolicyEngineBench() {}

    public static void main(String[] args) {
        PolicyEngine engine = PolicyEngine.withPolicyFile(Path.of(args[0]));
        DataProduct passing = DescriptorParser.parse(Path.of(args[1])).product().orElseThrow();
        DataProduct failing = DescriptorParser.parse(Path.of(args[2])).product().orElseThrow();
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        PolicyContext context = PolicyContext.withCatalog(Set.of("customers/customer-profile"));
        long sink = 0;
        for (int i = 0; i < 50_000; i++) {
            sink += engine.evaluate(i % 2 == 0 ? passing : failing, context).size();
        }
        double[] micros = new double[iterations];
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            List<Violation> v = engine.evaluate(i % 2 == 0 ? passing : failing, context);
            micros[i] = (System.nanoTime() - t) / 1000.0;
            sink += v.size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "policy engine: %d policies, %d evaluations (half passing, half failing) in %.2f s = %.0f/s%n",
                engine.describe().size(), iterations, seconds, iterations / seconds);
        System.out.println(
                "policy engine per descriptor: " + Percentiles.of(micros).format("us"));
        if (sink == 42) {
            System.out.println();
        }
    }
}
