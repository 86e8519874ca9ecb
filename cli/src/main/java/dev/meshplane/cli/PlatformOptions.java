package dev.meshplane.cli;

import picocli.CommandLine.Option;

/** Where the platform's broker and registry are: shared by every command that talks to Kafka. */
final class PlatformOptions {

    @Option(
            names = "--bootstrap",
            defaultValue = "${env:MESH_BOOTSTRAP:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: $MESH_BOOTSTRAP or 127.0.0.1:9092).")
    String bootstrap;

    @Option(
            names = "--registry",
            defaultValue = "${env:MESH_REGISTRY_URL:-http://127.0.0.1:8090/apis/registry/v3}",
            description = "Apicurio Registry v3 API (default: $MESH_REGISTRY_URL or the local platform's).")
    String registry;
}
