package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.meshplane.testing.IdentityProvider;
import dev.meshplane.testing.TestPlatform;

/**
 * {@code mesh login}, {@code whoami} and {@code logout} against the real identity provider (Keycloak with the seeded
 * realm), the CLI run as the built jar in its own process with its config folder ({@code XDG_CONFIG_HOME}) in a temp
 * dir. The device login is only started here: finishing it takes a person at a browser.
 */
class CliLoginIT {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\":\"([^\"]+)\"");
    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refreshToken\":\"([^\"]+)\"");
    private static final Pattern ACCESS_EXPIRY = Pattern.compile("\"accessTokenExpiresAt\":\"([^\"]+)\"");

    private static TestPlatform platform;
    private static IdentityProvider idp;

    @TempDir
    Path home;

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        idp = platform.startIdentity();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private Path folder() {
        return home.resolve("meshplane");
    }

    private Path credentials() {
        return folder().resolve("credentials.json");
    }

    private Run mesh(Map<String, String> env, String stdin, String... args) throws Exception {
        Map<String, String> e = new HashMap<>(Map.of("XDG_CONFIG_HOME", home.toString(), "MESH_ISSUER", idp.issuer()));
        e.putAll(env);
        MeshProcess.Run run = MeshProcess.run(e, stdin, args);
        return new Run(run.exit(), run.out(), run.err());
    }

    private Run mesh(String... args) throws Exception {
        return mesh(Map.of(), null, args);
    }

    private Run loginAs(String user, String password) throws Exception {
        return mesh(Map.of(), password + "\n", "login", "--user", user, "--password-stdin");
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as(p.pattern()).isTrue();
        return m.group(1);
    }

    @Test
    void aPasswordLoginIsKeptReadableOnlyByTheUserAndWhoamiShowsSaraOfSales() throws Exception {
        Run login = loginAs("sara.owner", IdentityProvider.LOCAL_PASSWORD);

        assertThat(login.exit()).as(login.all()).isZero();
        assertThat(login.out()).contains("logged in to " + idp.issuer() + " as sara.owner (team sales)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder())))
                .isEqualTo("rwx------");
        String stored = Files.readString(credentials());

        Run whoami = mesh("whoami");
        assertThat(whoami.exit()).as(whoami.all()).isZero();
        assertThat(whoami.out())
                .contains("user           sara.owner")
                .contains("teams          sales")
                .contains("issuer         " + idp.issuer());

        Run json = mesh("whoami", "--output", "json");
        assertThat(json.out())
                .contains("\"mode\":\"user\",\"user\":\"sara.owner\",\"client\":\"mesh-cli\","
                        + "\"teams\":[\"sales\"],\"issuer\":\"" + idp.issuer() + "\"");

        for (Run r : List.of(login, whoami, json)) {
            assertThat(r.all())
                    .doesNotContain(find(ACCESS_TOKEN, stored))
                    .doesNotContain(find(REFRESH_TOKEN, stored))
                    .doesNotContain(IdentityProvider.LOCAL_PASSWORD);
        }
    }

    @Test
    void aWrongPasswordOrAnUnknownUserExitsTwoAndWritesNothing() throws Exception {
        Run wrong = loginAs("sara.owner", "not-her-password");
        Run unknown = loginAs("nobody.here", IdentityProvider.LOCAL_PASSWORD);

        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err())
                .isEqualTo("mesh login: wrong user name or password (user 'sara.owner' at " + idp.issuer()
                        + "); nothing was stored\n")
                .doesNotContain("not-her-password");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("mesh login: wrong user name or password (user 'nobody.here'");
        assertThat(folder()).doesNotExist();
    }

    @Test
    void logoutRevokesTheSessionAndDeletesTheFileAndWhoamiThenSaysToLogIn() throws Exception {
        assertThat(loginAs("jane.doe", IdentityProvider.LOCAL_PASSWORD).exit()).isZero();
        String refresh = find(REFRESH_TOKEN, Files.readString(credentials()));

        Run logout = mesh("logout");

        assertThat(logout.exit()).as(logout.all()).isZero();
        assertThat(logout.out())
                .contains("the session of jane.doe was revoked at the provider's revocation endpoint")
                .contains("logged out: deleted " + credentials());
        assertThat(credentials()).doesNotExist();
        // the provider no longer honours the refresh token the file held
        IdentityProvider.TokenResponse reuse = idp.post(
                idp.tokenEndpoint(),
                Map.of("grant_type", "refresh_token", "client_id", "mesh-cli", "refresh_token", refresh));
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.error()).isEqualTo("invalid_grant");

        Run whoami = mesh("whoami");
        assertThat(whoami.exit()).isEqualTo(2);
        assertThat(whoami.err()).isEqualTo("mesh whoami: not logged in (or the login expired): run 'mesh login'\n");

        Run again = mesh("logout");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("not logged in");
    }

    @Test
    void anExpiredAccessTokenIsRefreshedWithTheRefreshToken() throws Exception {
        assertThat(loginAs("ana.analyst", IdentityProvider.LOCAL_PASSWORD).exit())
                .isZero();
        String before = Files.readString(credentials());
        Files.writeString(
                credentials(),
                ACCESS_EXPIRY.matcher(before).replaceFirst("\"accessTokenExpiresAt\":\"2020-01-01T00:00:00Z\""));

        Run whoami = mesh("whoami");

        assertThat(whoami.exit()).as(whoami.all()).isZero();
        assertThat(whoami.out()).contains("user           ana.analyst").contains("teams          analytics");
        String after = Files.readString(credentials());
        assertThat(find(ACCESS_TOKEN, after)).isNotEqualTo(find(ACCESS_TOKEN, before));
        assertThat(Instant.parse(find(ACCESS_EXPIRY, after)))
                .isAfter(Instant.now().plusSeconds(200));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials())))
                .isEqualTo("rw-------");
    }

    @Test
    void aCredentialsFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        assertThat(loginAs("sara.owner", IdentityProvider.LOCAL_PASSWORD).exit())
                .isZero();
        Files.setPosixFilePermissions(credentials(), PosixFilePermissions.fromString("rw-r--r--"));

        Run whoami = mesh("whoami");

        assertThat(whoami.exit()).isEqualTo(2);
        assertThat(whoami.err()).contains("chmod 600 " + credentials()).contains("mesh login");
    }

    @Test
    void aPipelineActsAsItsClientWithoutAnyLogin() throws Exception {
        Map<String, String> pipeline =
                Map.of("MESH_CLIENT_ID", "pipeline-sales", "MESH_CLIENT_SECRET", "pipeline-sales-local-secret");

        Run whoami = mesh(pipeline, null, "whoami");
        Run login = mesh(pipeline, null, "login");

        assertThat(whoami.exit()).as(whoami.all()).isZero();
        assertThat(whoami.out())
                .startsWith("pipeline client pipeline-sales")
                .contains("user           service-account-pipeline-sales")
                .contains("teams          sales");
        assertThat(login.exit()).as(login.all()).isZero();
        assertThat(login.out())
                .contains("commands act as pipeline client pipeline-sales")
                .contains("need no login");
        assertThat(whoami.all() + login.all()).doesNotContain("pipeline-sales-local-secret");
        assertThat(folder()).doesNotExist();

        Map<String, String> wrong = new HashMap<>(pipeline);
        wrong.put("MESH_CLIENT_SECRET", "not-the-secret");
        Run refused = mesh(wrong, null, "whoami");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err())
                .contains("refused pipeline client 'pipeline-sales'")
                .contains("check MESH_CLIENT_ID and MESH_CLIENT_SECRET")
                .doesNotContain("not-the-secret");
    }

    @Test
    void theDeviceLoginStartsWithAnAddressAndACode() throws Exception {
        Run start = mesh("login", "--no-wait");

        assertThat(start.exit()).as(start.all()).isZero();
        Matcher code = Pattern.compile("enter the code ([A-Z]{4}-[A-Z]{4})").matcher(start.out());
        assertThat(code.find()).as(start.out()).isTrue();
        assertThat(start.out())
                .contains("or open " + idp.issuer() + "/device and enter the code")
                .contains(idp.issuer() + "/device?user_code=" + code.group(1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder().resolve("device-login.json"))))
                .isEqualTo("rw-------");

        // Nobody confirms it: waiting one second ends with the code still pending and nothing stored.
        Run wait = mesh("login", "--timeout", "1");
        assertThat(wait.exit()).isEqualTo(2);
        assertThat(wait.out()).contains("finishing the device login started earlier (code " + code.group(1) + ")");
        assertThat(wait.err()).contains("not confirmed within 1 s; the code " + code.group(1) + " is valid until");
        assertThat(credentials()).doesNotExist();
    }

    @Test
    void anUnreachableProviderIsNamed() throws Exception {
        Run r = mesh(
                Map.of("MESH_ISSUER", "http://127.0.0.1:1/realms/meshplane"),
                "x\n",
                "login",
                "--user",
                "sara.owner",
                "--password-stdin");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("mesh login: the identity provider http://127.0.0.1:1/realms/meshplane is not reachable");
        assertThat(folder()).doesNotExist();
    }
}
