package dev.meshplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** mesh login, whoami and logout in-process, against a scripted provider, with the config folder in a temp dir. */
class LoginCommandsTest {

    @TempDir
    Path dir;

    private FakeProvider idp;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private final InputStream stdin = System.in;
    private final MovableClock clock = new MovableClock(java.time.Instant.now());

    @BeforeEach
    void start() throws IOException {
        idp = new FakeProvider();
        System.setProperty(TokenStore.FOLDER_PROPERTY, dir.resolve("meshplane").toString());
    }

    @AfterEach
    void stop() {
        idp.close();
        System.clearProperty(TokenStore.FOLDER_PROPERTY);
        System.setIn(stdin);
    }

    private Path credentials() {
        return dir.resolve("meshplane/credentials.json");
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = MeshCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        // waiting for a browser takes no time here
        LoginCommands.Login login =
                (LoginCommands.Login) cli.getSubcommands().get("login").getCommand();
        login.sleeper = clock.sleeper(new ArrayList<>());
        login.sessions = issuer -> new Session(issuer, System::getenv, null, clock);
        return cli.execute(args);
    }

    private int login(String password) {
        System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
        return run("login", "--issuer", idp.issuer(), "--user", FakeProvider.USER, "--password-stdin");
    }

    private String everything() {
        return out + "\n" + err;
    }

    @Test
    void aPasswordLoginIsStoredAndWhoamiShowsTheUserAndTeam() throws IOException {
        assertThat(login(FakeProvider.PASSWORD)).isEqualTo(MeshCli.OK);
        assertThat(out.toString())
                .contains("logged in to " + idp.issuer() + " as sara.owner (team sales)")
                .contains(credentials().toString());
        String stored = Files.readString(credentials());
        String refresh = idp.liveRefreshTokens.iterator().next();
        assertThat(stored).contains(refresh);
        assertThat(everything()).doesNotContain(refresh, FakeProvider.PASSWORD, "signature-");

        assertThat(run("whoami", "--issuer", idp.issuer())).isEqualTo(MeshCli.OK);
        assertThat(out.toString())
                .contains("user           sara.owner")
                .contains("teams          sales")
                .contains("issuer         " + idp.issuer())
                .contains("token expires")
                .doesNotContain("signature-");

        assertThat(run("whoami", "--output", "json")).isEqualTo(MeshCli.OK);
        assertThat(out.toString().trim())
                .startsWith("{\"mode\":\"user\",\"user\":\"sara.owner\",\"client\":\"mesh-cli\",\"teams\":[\"sales\"],"
                        + "\"issuer\":\"" + idp.issuer() + "\",\"expiresAt\":\"");
    }

    @Test
    void aWrongPasswordSaysSoExitsTwoAndWritesNothing() throws IOException {
        assertThat(login("not-the-password")).isEqualTo(MeshCli.USAGE);

        assertThat(err.toString().trim())
                .isEqualTo("mesh login: wrong user name or password (user 'sara.owner' at " + idp.issuer()
                        + "); nothing was stored");
        assertThat(everything()).doesNotContain("not-the-password");
        assertThat(dir.resolve("meshplane")).doesNotExist();
    }

    @Test
    void aWrongPasswordLeavesAnEarlierLoginAsItWas() throws IOException {
        login(FakeProvider.PASSWORD);
        String before = Files.readString(credentials());

        assertThat(login("nope")).isEqualTo(MeshCli.USAGE);

        assertThat(Files.readString(credentials())).isEqualTo(before);
    }

    @Test
    void loggingInAgainWithoutAnIssuerGoesToTheStoredLoginsIssuer() {
        login(FakeProvider.PASSWORD);
        System.setIn(new ByteArrayInputStream((FakeProvider.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));

        assertThat(run("login", "--user", FakeProvider.USER, "--password-stdin"))
                .isEqualTo(MeshCli.OK);

        assertThat(out.toString()).contains("logged in to " + idp.issuer() + " as sara.owner");
        assertThat(idp.calls("password")).hasSize(2);
    }

    @Test
    void anUnreachableProviderIsNamed() {
        System.setIn(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(run("login", "--issuer", "http://127.0.0.1:1/realms/none", "--user", "u", "--password-stdin"))
                .isEqualTo(MeshCli.USAGE);
        assertThat(err.toString())
                .startsWith("mesh login: the identity provider http://127.0.0.1:1/realms/none is not reachable");
    }

    @Test
    void contradictoryOptionsAreRefusedBeforeAnythingIsAsked() {
        assertThat(run("login", "--issuer", idp.issuer(), "--password", "p")).isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains("a password needs a user: mesh login --user NAME --password-stdin");
        assertThat(run("login", "--issuer", idp.issuer(), "--user", "u", "--password", "p", "--password-stdin"))
                .isEqualTo(MeshCli.USAGE);
        assertThat(run("login", "--issuer", idp.issuer(), "--user", "u", "--no-wait"))
                .isEqualTo(MeshCli.USAGE);
        assertThat(run("login", "--issuer", idp.issuer(), "--timeout", "0")).isEqualTo(MeshCli.USAGE);
        assertThat(idp.calls).isEmpty();
    }

    @Test
    void logoutRevokesTheRefreshTokenDeletesTheFileAndWhoamiThenSaysToLogIn() {
        login(FakeProvider.PASSWORD);
        String refresh = idp.liveRefreshTokens.iterator().next();

        assertThat(run("logout")).isEqualTo(MeshCli.OK);

        assertThat(idp.calls("/revoke"))
                .singleElement()
                .satisfies(c -> assertThat(c.form())
                        .containsEntry("token", refresh)
                        .containsEntry("token_type_hint", "refresh_token")
                        .containsEntry("client_id", "mesh-cli"));
        assertThat(out.toString())
                .contains("the session of sara.owner was revoked at the provider's revocation endpoint")
                .contains("logged out: deleted " + credentials());
        assertThat(credentials()).doesNotExist();

        assertThat(run("whoami")).isEqualTo(MeshCli.USAGE);
        assertThat(err.toString().trim())
                .isEqualTo("mesh whoami: not logged in (or the login expired): run 'mesh login'");

        assertThat(run("logout")).isEqualTo(MeshCli.OK);
        assertThat(out.toString()).contains("not logged in");
    }

    @Test
    void withoutARevocationEndpointLogoutEndsTheSessionAtTheEndSessionEndpoint() {
        login(FakeProvider.PASSWORD);
        idp.offerRevocation = false;

        assertThat(run("logout")).isEqualTo(MeshCli.OK);

        assertThat(idp.calls("/logout"))
                .singleElement()
                .satisfies(c -> assertThat(c.form()).containsKeys("refresh_token", "client_id"));
        assertThat(out.toString()).contains("ended at the provider's end-session endpoint");
    }

    @Test
    void logoutWithTheProviderDownStillDeletesTheFileAndSaysTheSessionWasNotRevoked() throws IOException {
        login(FakeProvider.PASSWORD);
        idp.close();

        assertThat(run("logout")).isEqualTo(MeshCli.OK);

        assertThat(err.toString()).contains("is not reachable").contains("the session was not revoked there");
        assertThat(credentials()).doesNotExist();
    }

    @Test
    void theDeviceLoginShowsTheAddressAndCodeAndFinishesWhenTheBrowserConfirms() throws IOException {
        idp.devicePolls.addAll(java.util.List.of("authorization_pending", "tokens"));

        assertThat(run("login", "--issuer", idp.issuer())).isEqualTo(MeshCli.OK);

        assertThat(out.toString())
                .contains("  " + idp.issuer() + "/device?user_code=WXYZ-ABCD")
                .contains("or open " + idp.issuer() + "/device and enter the code WXYZ-ABCD")
                .contains("logged in to " + idp.issuer() + " as sara.owner (team sales)")
                .doesNotContain("device-code-secret");
        assertThat(credentials()).exists();
        assertThat(dir.resolve("meshplane/device-login.json")).doesNotExist();
    }

    @Test
    void noWaitLeavesTheCodePendingAndTheNextLoginFinishesIt() {
        assertThat(run("login", "--issuer", idp.issuer(), "--no-wait")).isEqualTo(MeshCli.OK);
        assertThat(out.toString()).contains("enter the code WXYZ-ABCD").contains("then run 'mesh login' to finish");
        assertThat(dir.resolve("meshplane/device-login.json")).exists();
        assertThat(credentials()).doesNotExist();

        idp.devicePolls.add("tokens");
        assertThat(run("login", "--issuer", idp.issuer())).isEqualTo(MeshCli.OK);

        assertThat(out.toString()).contains("finishing the device login started earlier (code WXYZ-ABCD)");
        assertThat(idp.calls("/auth/device")).hasSize(1);
        assertThat(credentials()).exists();
    }

    @Test
    void aDeniedDeviceLoginStoresNothing() {
        idp.devicePolls.add("access_denied");

        assertThat(run("login", "--issuer", idp.issuer())).isEqualTo(MeshCli.USAGE);

        assertThat(err.toString()).contains("was denied in the browser; nothing was stored");
        assertThat(dir.resolve("meshplane/device-login.json")).doesNotExist();
        assertThat(credentials()).doesNotExist();
    }

    @Test
    void aDeviceLoginThatIsNotConfirmedInTimeSaysHowToGoOn() {
        assertThat(run("login", "--issuer", idp.issuer(), "--timeout", "12")).isEqualTo(MeshCli.USAGE);

        assertThat(err.toString())
                .contains("not confirmed within 12 s; the code WXYZ-ABCD is valid until")
                .contains("run 'mesh login' to finish");
        assertThat(credentials()).doesNotExist();
    }
}
