package dev.meshplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private static StoredLogin login(Instant accessExpiry, String refresh, Instant refreshExpiry) {
        return new StoredLogin(
                "http://idp/realms/x",
                "mesh-cli",
                "sara.owner",
                List.of("sales"),
                "ACCESS-SECRET",
                accessExpiry,
                refresh,
                refreshExpiry);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theFolderIs0700AndTheFile0600AndNothingElseIsLeftInTheFolder() throws IOException {
        TokenStore store = new TokenStore(dir.resolve("config/meshplane"));

        store.write(login(T0, "REFRESH-SECRET", null));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.folder())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        try (var files = Files.list(store.folder())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("credentials.json");
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void anExistingFolderOpenToOthersIsClosedBeforeTheFileIsWritten() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("meshplane"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));

        new TokenStore(folder).write(login(T0, null, null));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                .isEqualTo("rwx------");
    }

    @Test
    void whatIsWrittenIsReadBackAndToStringShowsNoToken() {
        TokenStore store = new TokenStore(dir);
        StoredLogin written = login(T0, "REFRESH-SECRET", T0.plusSeconds(1800));

        store.write(written);

        StoredLogin read = store.read().orElseThrow();
        assertThat(read).isEqualTo(written);
        assertThat(read.toString()).contains("sara.owner").doesNotContain("ACCESS-SECRET", "REFRESH-SECRET");
    }

    @Test
    void noFileIsNoLoginAndDeletingNothingIsFine() {
        TokenStore store = new TokenStore(dir.resolve("absent"));

        assertThat(store.read()).isEmpty();
        assertThat(store.delete()).isFalse();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aFileOthersMayReadIsRefusedWithTheFix() throws IOException {
        TokenStore store = new TokenStore(dir);
        store.write(login(T0, "REFRESH-SECRET", null));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(store::read)
                .isInstanceOf(LoginException.class)
                .hasMessageContaining(store.file() + " holds tokens but other users may read or change it")
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600 " + store.file())
                .hasMessageContaining("mesh login")
                .hasMessageNotContaining("SECRET");
        // logout still finds the session to revoke
        assertThat(store.readForLogout()).isPresent();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aGroupWritableFileIsRefusedTooAndLoggingInAgainReplacesItWith0600() throws IOException {
        TokenStore store = new TokenStore(dir);
        store.write(login(T0, null, null));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(store::read).isInstanceOf(LoginException.class);

        store.write(login(T0.plusSeconds(300), null, null));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        assertThat(store.read().orElseThrow().accessTokenExpiresAt()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void aCorruptFileIsRefusedWithoutQuotingItAndLogoutDeletesIt() throws IOException {
        TokenStore store = new TokenStore(dir);
        store.write(login(T0, null, null));
        for (String content : List.of(
                "{\"format\":1,\"accessToken\":\"eyJ-SECRET-PART",
                "not json at all SECRET",
                "[\"SECRET\"]",
                "{\"format\":1,\"issuer\":\"i\",\"clientId\":\"c\",\"username\":\"u\",\"accessToken\":\"SECRET\"}",
                "{\"format\":1,\"issuer\":\"i\",\"clientId\":\"c\",\"username\":\"u\",\"accessToken\":\"SECRET\","
                        + "\"accessTokenExpiresAt\":\"tomorrow\"}",
                "{\"format\":2,\"accessToken\":\"SECRET\"}")) {
            Files.writeString(store.file(), content);

            assertThatThrownBy(store::read)
                    .as(content)
                    .isInstanceOf(LoginException.class)
                    .hasMessageContaining(store.file() + " is corrupt")
                    .hasMessageContaining("mesh login")
                    .hasMessageNotContaining("SECRET");
        }
        assertThat(store.readForLogout()).isEmpty();
        assertThat(store.delete()).isTrue();
        assertThat(store.file()).doesNotExist();
    }

    @Test
    void theFolderFollowsTheOverrideThenXdgThenHome() {
        assertThat(TokenStore.locate(Map.of("MESH_CONFIG_DIR", "/tmp/m", "XDG_CONFIG_HOME", "/x")::get)
                        .folder())
                .isEqualTo(Path.of("/tmp/m"));
        assertThat(TokenStore.locate(Map.of("XDG_CONFIG_HOME", "/x")::get).file())
                .isEqualTo(Path.of("/x/meshplane/credentials.json"));
        // a relative XDG_CONFIG_HOME is ignored, as the XDG base directory spec says
        assertThat(TokenStore.locate(Map.of("XDG_CONFIG_HOME", "rel")::get).file())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "meshplane", "credentials.json"));
    }

    @Test
    void aPendingDeviceLoginRoundTripsAndIsDeletedWithTheLogin() {
        TokenStore store = new TokenStore(dir);
        TokenStore.PendingDevice p = new TokenStore.PendingDevice(
                "http://idp/realms/x",
                "mesh-cli",
                "DEVICE-SECRET",
                "ABCD-EFGH",
                "http://idp/device",
                "http://idp/device?user_code=ABCD-EFGH",
                T0,
                5);
        store.writePending(p);

        assertThat(store.readPending()).contains(p);
        assertThat(p.toString()).doesNotContain("DEVICE-SECRET");
        store.delete();
        assertThat(store.readPending()).isEmpty();
    }

    // The refresh decision, on a fixed clock: 30 s before expiry a token is refreshed, not used.

    @Test
    void aTokenWithMoreThan30SecondsLeftIsUsed() {
        assertThat(login(T0.plusSeconds(31), "r", null).next(T0)).isEqualTo(StoredLogin.Next.USE);
    }

    @Test
    void aTokenWith30SecondsOrLessLeftIsRefreshed() {
        assertThat(login(T0.plusSeconds(30), "r", null).next(T0)).isEqualTo(StoredLogin.Next.REFRESH);
        assertThat(login(T0.minusSeconds(600), "r", T0.plusSeconds(1)).next(T0)).isEqualTo(StoredLogin.Next.REFRESH);
    }

    @Test
    void withoutAUsableRefreshTokenOnlyALoginHelps() {
        assertThat(login(T0.plusSeconds(10), null, null).next(T0)).isEqualTo(StoredLogin.Next.LOGIN);
        assertThat(login(T0.minusSeconds(1), "r", T0).next(T0)).isEqualTo(StoredLogin.Next.LOGIN);
        // a token that still looks fine keeps working until then, even when the refresh token has expired
        assertThat(login(T0.plusSeconds(60), "r", T0.minusSeconds(1)).next(T0)).isEqualTo(StoredLogin.Next.USE);
    }

    @Test
    void lifetimesCountFromWhenTheRequestLeftAndARefreshWithoutANewRefreshTokenKeepsTheOld() {
        String jwt = FakeProvider.jwt("sara.owner", List.of("/sales", "analytics"), "mesh-cli", 1);
        StoredLogin first = StoredLogin.of(
                new OidcProvider.Tokens(jwt, 300, "r1", 1800), "http://idp", "mesh-cli", T0, "typed", null);

        assertThat(first.accessTokenExpiresAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(first.refreshTokenExpiresAt()).isEqualTo(T0.plusSeconds(1800));
        assertThat(first.username()).isEqualTo("sara.owner");
        assertThat(first.teams()).containsExactly("sales", "analytics");

        StoredLogin second = StoredLogin.of(
                new OidcProvider.Tokens("opaque", 0, null, 0),
                "http://idp",
                "mesh-cli",
                T0.plusSeconds(280),
                null,
                first);
        assertThat(second.refreshToken()).isEqualTo("r1");
        assertThat(second.refreshTokenExpiresAt()).isEqualTo(T0.plusSeconds(1800));
        assertThat(second.username()).isEqualTo("sara.owner");
        assertThat(second.accessTokenExpiresAt()).isEqualTo(T0.plusSeconds(280).plus(StoredLogin.UNKNOWN_LIFETIME));
    }
}
