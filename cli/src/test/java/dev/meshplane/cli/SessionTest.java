package dev.meshplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session API against a scripted provider, on a clock the test moves. */
class SessionTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private FakeProvider idp;
    private TokenStore store;
    private final MovableClock clock = new MovableClock(T0);
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        idp = new FakeProvider();
        store = new TokenStore(dir);
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private Session session() {
        return new Session(null, env::get, store, clock);
    }

    private StoredLogin loggedIn() throws OidcProvider.Refused {
        OidcProvider p = new OidcProvider(idp.issuer());
        return session().save(p.password("mesh-cli", FakeProvider.USER, FakeProvider.PASSWORD), p.issuer(), T0, null);
    }

    @Test
    void nobodyLoggedInIsNotLoggedInWithTheCommandThatFixesIt() {
        assertThatThrownBy(() -> session().accessToken())
                .isInstanceOf(NotLoggedInException.class)
                .hasMessage("not logged in (or the login expired): run 'mesh login'");
        assertThat(idp.calls).isEmpty();
    }

    @Test
    void aFreshTokenIsUsedWithoutAskingTheProvider() throws Exception {
        StoredLogin login = loggedIn();
        idp.calls.clear();
        clock.advance(Duration.ofSeconds(269)); // 31 s left

        assertThat(session().accessToken()).isEqualTo(login.accessToken());
        assertThat(idp.calls).isEmpty();
    }

    @Test
    void withThirtySecondsLeftTheTokenIsRefreshedAndStored() throws Exception {
        StoredLogin login = loggedIn();
        clock.advance(Duration.ofSeconds(270)); // 30 s left

        Session s = session();
        String token = s.accessToken();

        assertThat(token).isNotEqualTo(login.accessToken());
        assertThat(idp.calls("refresh_token"))
                .singleElement()
                .satisfies(c -> assertThat(c.form())
                        .containsEntry("refresh_token", login.refreshToken())
                        .containsEntry("client_id", "mesh-cli"));
        StoredLogin stored = store.read().orElseThrow();
        assertThat(stored.accessToken()).isEqualTo(token);
        assertThat(stored.accessTokenExpiresAt()).isEqualTo(T0.plusSeconds(270 + 300));
        assertThat(s.identity().user()).isEqualTo("sara.owner");
        assertThat(s.identity().teams()).containsExactly("sales");
    }

    @Test
    void aRefreshTokenTheProviderNoLongerAcceptsIsNotLoggedIn() throws Exception {
        StoredLogin login = loggedIn();
        idp.liveRefreshTokens.clear(); // the session ended at the provider
        clock.advance(Duration.ofSeconds(400));

        assertThatThrownBy(() -> session().accessToken())
                .isInstanceOf(NotLoggedInException.class)
                .hasMessageStartingWith("not logged in (or the login expired): run 'mesh login'")
                .hasMessageContaining("Token is not active")
                .hasMessageNotContaining(login.refreshToken());
        assertThat(store.read()).contains(login); // unchanged
    }

    @Test
    void anExpiredRefreshTokenIsNotEvenSent() throws Exception {
        loggedIn();
        idp.calls.clear();
        clock.advance(Duration.ofSeconds(1800));

        assertThatThrownBy(() -> session().accessToken()).isInstanceOf(NotLoggedInException.class);
        assertThat(idp.calls).isEmpty();
    }

    @Test
    void aLoginForAnotherIssuerIsNotThisOnesLogin() throws Exception {
        loggedIn();

        assertThatThrownBy(() -> new Session("http://elsewhere/realms/x", env::get, store, clock).accessToken())
                .isInstanceOf(NotLoggedInException.class)
                .hasMessage("logged in to " + idp.issuer() + ", not to http://elsewhere/realms/x: run 'mesh login"
                        + " --issuer http://elsewhere/realms/x'");
        env.put("MESH_ISSUER", idp.issuer() + "/");
        assertThat(session().accessToken()).isNotEmpty();
    }

    @Test
    void anUnreachableProviderIsNamedAndNoTokenIsInTheMessage() throws Exception {
        StoredLogin login = loggedIn();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + closed + "/realms/test";
        store.write(new StoredLogin(
                dead, "mesh-cli", "sara.owner", List.of("sales"), login.accessToken(), T0, login.refreshToken(), null));

        assertThatThrownBy(() -> session().accessToken())
                .isInstanceOf(LoginException.class)
                .isNotInstanceOf(NotLoggedInException.class)
                .hasMessage("the identity provider " + dead + " is not reachable: start the local one"
                        + " ('deploy/local/platform up identity') or name the right one with --issuer URL or"
                        + " MESH_ISSUER");
    }

    @Test
    void aPipelineGetsItsTokenByClientCredentialsOnceAndStoresNothing() {
        env.put("MESH_CLIENT_ID", FakeProvider.PIPELINE);
        env.put("MESH_CLIENT_SECRET", FakeProvider.PIPELINE_SECRET);
        env.put("MESH_ISSUER", idp.issuer());
        Session s = session();

        String token = s.accessToken();
        assertThat(s.accessToken()).isEqualTo(token);
        Session.Identity id = s.identity();

        assertThat(idp.calls("client_credentials")).hasSize(1);
        assertThat(id.pipelineClient()).isTrue();
        assertThat(id.clientId()).isEqualTo("pipeline-sales");
        assertThat(id.user()).isEqualTo("service-account-pipeline-sales");
        assertThat(id.teams()).containsExactly("sales");
        assertThat(store.file()).doesNotExist();

        clock.advance(Duration.ofSeconds(271));
        assertThat(s.accessToken()).isNotEqualTo(token);
        assertThat(idp.calls("client_credentials")).hasSize(2);
    }

    @Test
    void aWrongPipelineSecretIsRefusedWithTheVariablesToCheckAndWithoutTheSecret() {
        env.put("MESH_CLIENT_ID", FakeProvider.PIPELINE);
        env.put("MESH_CLIENT_SECRET", "wrong-secret-value");
        env.put("MESH_ISSUER", idp.issuer());

        assertThatThrownBy(() -> session().accessToken())
                .isInstanceOf(LoginException.class)
                .hasMessageContaining("refused pipeline client 'pipeline-sales'")
                .hasMessageContaining("check MESH_CLIENT_ID and MESH_CLIENT_SECRET")
                .hasMessageNotContaining("wrong-secret-value");
    }

    @Test
    void halfAPipelinesVariablesIsAMistakeSaidAsSuch() {
        env.put("MESH_CLIENT_ID", FakeProvider.PIPELINE);

        assertThatThrownBy(() -> session().accessToken())
                .isInstanceOf(LoginException.class)
                .hasMessage("MESH_CLIENT_ID is set but MESH_CLIENT_SECRET is not: a pipeline sets both, a person"
                        + " neither (and runs 'mesh login')");
    }

    // The device login's polling, on the same clock.

    private TokenStore.PendingDevice device(long interval) {
        return new TokenStore.PendingDevice(
                idp.issuer(), "mesh-cli", "device-code-secret", "WXYZ-ABCD", "v", "vc", T0.plusSeconds(600), interval);
    }

    @Test
    void devicePollingHonoursTheIntervalAndSlowsDownWhenAsked() {
        idp.devicePolls.addAll(List.of("authorization_pending", "slow_down", "authorization_pending", "tokens"));
        List<Duration> slept = new ArrayList<>();

        DeviceLogin.Result r = DeviceLogin.await(
                new OidcProvider(idp.issuer()), device(3), T0.plusSeconds(600), clock, clock.sleeper(slept));

        assertThat(r.outcome()).isEqualTo(DeviceLogin.Outcome.LOGGED_IN);
        assertThat(r.tokens().refreshToken()).isNotNull();
        assertThat(slept).extracting(Duration::toSeconds).containsExactly(3L, 3L, 8L, 8L);
        assertThat(idp.calls(OidcProvider.DEVICE_GRANT))
                .hasSize(4)
                .allSatisfy(c -> assertThat(c.form())
                        .containsEntry("device_code", "device-code-secret")
                        .containsEntry("client_id", "mesh-cli"));
    }

    @Test
    void withoutAnIntervalThePollWaitsFiveSeconds() {
        idp.devicePolls.add("tokens");
        List<Duration> slept = new ArrayList<>();

        DeviceLogin.await(new OidcProvider(idp.issuer()), device(0), T0.plusSeconds(600), clock, clock.sleeper(slept));

        assertThat(slept).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void deniedAndExpiredEndTheWait() {
        OidcProvider p = new OidcProvider(idp.issuer());
        idp.devicePolls.add("access_denied");
        assertThat(DeviceLogin.await(p, device(5), T0.plusSeconds(600), clock, clock.sleeper(new ArrayList<>()))
                        .outcome())
                .isEqualTo(DeviceLogin.Outcome.DENIED);
        idp.devicePolls.add("expired_token");
        assertThat(DeviceLogin.await(p, device(5), T0.plusSeconds(600), clock, clock.sleeper(new ArrayList<>()))
                        .outcome())
                .isEqualTo(DeviceLogin.Outcome.EXPIRED);
    }

    @Test
    void theCallersDeadlineStopsTheWaitAfterWaitingUntilIt() {
        List<Duration> slept = new ArrayList<>();

        DeviceLogin.Result r = DeviceLogin.await(
                new OidcProvider(idp.issuer()), device(5), T0.plusSeconds(12), clock, clock.sleeper(slept));

        assertThat(r.outcome()).isEqualTo(DeviceLogin.Outcome.TIMED_OUT);
        assertThat(slept).extracting(Duration::toSeconds).containsExactly(5L, 5L, 2L);
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(12));
    }

    @Test
    void waitingUntilTheCodeRunsOutIsExpiredNotTimedOut() {
        DeviceLogin.Result r = DeviceLogin.await(
                new OidcProvider(idp.issuer()),
                device(70),
                T0.plusSeconds(600),
                clock,
                clock.sleeper(new ArrayList<>()));

        assertThat(r.outcome()).isEqualTo(DeviceLogin.Outcome.EXPIRED);
        assertThat(idp.calls(OidcProvider.DEVICE_GRANT))
                .hasSize(8); // every 70 s of the code's 600, none after it ran out
    }

    @Test
    void aCodeThatRanOutLocallyIsExpiredWithoutPolling() {
        clock.advance(Duration.ofSeconds(600));

        DeviceLogin.Result r = DeviceLogin.await(
                new OidcProvider(idp.issuer()),
                device(5),
                T0.plusSeconds(900),
                clock,
                clock.sleeper(new ArrayList<>()));

        assertThat(r.outcome()).isEqualTo(DeviceLogin.Outcome.EXPIRED);
        assertThat(idp.calls).isEmpty();
    }
}
