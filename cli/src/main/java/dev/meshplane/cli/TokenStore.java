package dev.meshplane.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The user's login on disk: {@code credentials.json} (and, while a device login waits for its browser step,
 * {@code device-login.json}) in the meshplane config folder. The folder is {@code $XDG_CONFIG_HOME/meshplane}, else
 * {@code ~/.config/meshplane}; the system property {@value #FOLDER_PROPERTY} or the variable {@value #FOLDER_ENV}
 * names another (tests use that).
 *
 * <p>On POSIX file systems the folder is 0700 and each file 0600 from the moment it exists: a file is created empty
 * with those permissions in the folder, only then written, and moved over the old one, so no reader ever sees a
 * half-written file or a secret with wider permissions. A file that others can read or write is refused, never used:
 * the message says how to fix it. A file that is not what this class wrote is "corrupt"; the message never quotes it.
 */
final class TokenStore {

    static final String FOLDER_PROPERTY = "meshplane.config.dir";
    static final String FOLDER_ENV = "MESH_CONFIG_DIR";
    static final String CREDENTIALS = "credentials.json";
    static final String PENDING = "device-login.json";
    private static final int FORMAT = 1;

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A device login started and not yet finished: the device code is a secret until it expires. */
    record PendingDevice(
            String issuer,
            String clientId,
            String deviceCode,
            String userCode,
            String verificationUri,
            String verificationUriComplete,
            Instant expiresAt,
            long interval) {
        @Override
        public String toString() {
            return "PendingDevice[issuer=" + issuer + ", userCode=" + userCode + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final Path folder;
    private final boolean posix;

    TokenStore(Path folder) {
        this(folder, FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    }

    TokenStore(Path folder, boolean posix) {
        this.folder = folder.toAbsolutePath().normalize();
        this.posix = posix;
    }

    /** The config folder for this user and environment (see the class comment). */
    static TokenStore locate(Function<String, String> env) {
        String property = System.getProperty(FOLDER_PROPERTY);
        if (property != null && !property.isBlank()) {
            return new TokenStore(Path.of(property));
        }
        String override = env.apply(FOLDER_ENV);
        if (override != null && !override.isBlank()) {
            return new TokenStore(Path.of(override));
        }
        String xdg = env.apply("XDG_CONFIG_HOME");
        // The XDG base directory spec ignores a relative path.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return new TokenStore(Path.of(xdg, "meshplane"));
        }
        return new TokenStore(Path.of(System.getProperty("user.home"), ".config", "meshplane"));
    }

    Path folder() {
        return folder;
    }

    Path file() {
        return folder.resolve(CREDENTIALS);
    }

    /** The stored login, or empty when there is none. Throws when the file is corrupt or others may read it. */
    Optional<StoredLogin> read() {
        return readJson(file(), true).map(this::login);
    }

    /** As {@link #read()} without the permission check, and empty for a corrupt file: for logout, which deletes it. */
    Optional<StoredLogin> readForLogout() {
        try {
            return readJson(file(), false).map(this::login);
        } catch (LoginException e) {
            return Optional.empty();
        }
    }

    void write(StoredLogin login) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("issuer", login.issuer());
        n.put("clientId", login.clientId());
        n.put("username", login.username());
        ArrayNode teams = n.putArray("teams");
        login.teams().forEach(teams::add);
        n.put("accessToken", login.accessToken());
        n.put("accessTokenExpiresAt", login.accessTokenExpiresAt().toString());
        n.put("refreshToken", login.refreshToken());
        n.put(
                "refreshTokenExpiresAt",
                login.refreshTokenExpiresAt() == null
                        ? null
                        : login.refreshTokenExpiresAt().toString());
        writeSecret(file(), n);
    }

    /** Deletes the stored login (and any pending device login); true when there was one. */
    boolean delete() {
        deletePending();
        return deleteFile(file());
    }

    Optional<PendingDevice> readPending() {
        try {
            return readJson(folder.resolve(PENDING), true)
                    .map(n -> new PendingDevice(
                            required(n, "issuer"),
                            required(n, "clientId"),
                            required(n, "deviceCode"),
                            required(n, "userCode"),
                            required(n, "verificationUri"),
                            required(n, "verificationUriComplete"),
                            instant(n, "expiresAt"),
                            n.path("interval").asLong(0)));
        } catch (LoginException e) {
            deletePending(); // a pending device login is only a convenience: start a new one instead
            return Optional.empty();
        }
    }

    void writePending(PendingDevice p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("issuer", p.issuer());
        n.put("clientId", p.clientId());
        n.put("deviceCode", p.deviceCode());
        n.put("userCode", p.userCode());
        n.put("verificationUri", p.verificationUri());
        n.put("verificationUriComplete", p.verificationUriComplete());
        n.put("expiresAt", p.expiresAt().toString());
        n.put("interval", p.interval());
        writeSecret(folder.resolve(PENDING), n);
    }

    void deletePending() {
        deleteFile(folder.resolve(PENDING));
    }

    private StoredLogin login(JsonNode n) {
        List<String> teams = new ArrayList<>();
        n.path("teams").forEach(t -> teams.add(t.asText()));
        String refresh =
                n.path("refreshToken").isTextual() ? n.path("refreshToken").asText() : null;
        return new StoredLogin(
                required(n, "issuer"),
                required(n, "clientId"),
                required(n, "username"),
                teams,
                required(n, "accessToken"),
                instant(n, "accessTokenExpiresAt"),
                refresh,
                n.path("refreshTokenExpiresAt").isTextual() ? instant(n, "refreshTokenExpiresAt") : null);
    }

    private Optional<JsonNode> readJson(Path path, boolean checkPermissions) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new LoginException(path + " is not a regular file (a link, a folder or a device): delete it with"
                    + " 'mesh logout' and run 'mesh login' again");
        }
        if (checkPermissions && posix) {
            Set<PosixFilePermission> mode;
            try {
                mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new LoginException("cannot read the permissions of " + path + ": "
                        + e.getClass().getSimpleName());
            }
            if (!Collections.disjoint(mode, OTHERS)) {
                throw new LoginException(path + " holds tokens but other users may read or change it (mode "
                        + PosixFilePermissions.toString(mode) + "): it is not used; run 'chmod 600 " + path
                        + "' if only you could ever read it, else 'mesh logout' and 'mesh login' again");
            }
        }
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted meanwhile, e.g. by a logout
        } catch (IOException e) {
            // Never the parser's message: it may quote the file, that is, a token.
            throw corrupt(path);
        }
        if (n == null || !n.isObject() || n.path("format").asInt(0) != FORMAT) {
            throw corrupt(path);
        }
        return Optional.of(n);
    }

    private String required(JsonNode n, String field) {
        if (!n.path(field).isTextual() || n.path(field).asText().isEmpty()) {
            throw corrupt(file());
        }
        return n.path(field).asText();
    }

    private Instant instant(JsonNode n, String field) {
        try {
            return Instant.parse(required(n, field));
        } catch (DateTimeParseException e) {
            throw corrupt(file());
        }
    }

    private static LoginException corrupt(Path path) {
        return new LoginException(path + " is corrupt (not a credentials file written by mesh login): run 'mesh login'"
                + " again to replace it, or 'mesh logout' to delete it");
    }

    /** The folder (0700), a new empty 0600 file in it, the content, then one atomic rename over {@code target}. */
    private void writeSecret(Path target, JsonNode content) {
        Path tmp = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            ensureFolder();
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE_MODE));
                Files.setPosixFilePermissions(tmp, FILE_MODE); // whatever the umask did
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, content.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteFile(tmp);
            throw new LoginException(
                    "cannot write " + target + " (" + e.getClass().getSimpleName() + "): check that the folder "
                            + folder + " is yours and writable, or set " + FOLDER_ENV);
        }
    }

    private void ensureFolder() throws IOException {
        if (Files.isDirectory(folder)) {
            if (posix && !FOLDER_MODE.equals(Files.getPosixFilePermissions(folder))) {
                Files.setPosixFilePermissions(folder, FOLDER_MODE);
            }
            return;
        }
        Path parent = folder.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (posix) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
                Files.setPosixFilePermissions(folder, FOLDER_MODE);
            } else {
                Files.createDirectory(folder);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder)) {
                throw e;
            }
        }
    }

    private static boolean deleteFile(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new LoginException(
                    "cannot delete " + path + " (" + e.getClass().getSimpleName() + "): delete it by hand");
        }
    }
}
