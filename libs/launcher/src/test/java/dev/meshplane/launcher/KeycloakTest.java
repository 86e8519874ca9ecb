package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The command line Keycloak is started with; nothing here starts it (IdentityProviderIT does). */
class KeycloakTest {

    private static final Path JAVA = Path.of("/opt/jdk-21/bin/java");
    private static final Path HOME = Path.of("/dist/keycloak");
    private static final Path RUN = Path.of("/run");

    @Test
    void itServesTheSeededRealmOnLoopbackWithAFixedIssuerAndAFreshInMemoryDatabase() {
        List<String> command = Keycloak.command(JAVA, HOME, RUN, 8180, 8181, false);

        assertThat(command.get(0)).isEqualTo(JAVA.toString());
        assertThat(command)
                .contains(
                        "-Xmx512m",
                        "-Dkc.home.dir=" + HOME,
                        "-cp",
                        HOME.resolve("lib/quarkus-run.jar").toString())
                .containsSequence(
                        "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
                        "start-dev",
                        "--http-host=127.0.0.1",
                        "--http-port=8180",
                        "--hostname=http://127.0.0.1:8180",
                        "--http-management-port=8181",
                        "--health-enabled=true",
                        "--db=dev-mem",
                        "--import-realm")
                .doesNotContain("-Dkc.config.built=true");
        assertThat(command)
                .as("the admin password goes through the environment, never the command line")
                .noneMatch(arg -> arg.toLowerCase().contains("password"));
    }

    @Test
    void onlyTheRelaunchAfterAReaugmentationSaysTheServerIsBuilt() {
        List<String> relaunch = Keycloak.command(JAVA, HOME, RUN, 8180, 8181, true);

        assertThat(relaunch).contains("-Dkc.config.built=true");
        assertThat(relaunch.indexOf("-Dkc.config.built=true"))
                .as("a JVM option, before the main class")
                .isLessThan(relaunch.indexOf("io.quarkus.bootstrap.runner.QuarkusEntryPoint"));
    }

    @Test
    void theEndpointsLieUnderTheRealmsIssuer() {
        assertThat(Keycloak.issuer(8180)).isEqualTo("http://127.0.0.1:8180/realms/meshplane");
        assertThat(Keycloak.tokenEndpoint(8180))
                .isEqualTo("http://127.0.0.1:8180/realms/meshplane/protocol/openid-connect/token");
        assertThat(Keycloak.jwksEndpoint(8180))
                .isEqualTo("http://127.0.0.1:8180/realms/meshplane/protocol/openid-connect/certs");
    }
}
