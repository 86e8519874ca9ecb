package dev.meshplane.descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code mesh/v1} descriptors. The same code runs in the CLI, in editors' save hooks and in the governance
 * service, so it is defensive: a descriptor is small, and anything that would make a server spend memory on it (a huge
 * file, an alias bomb, deep nesting) is refused before it is expanded.
 */
public final class DescriptorParser {

    /** A descriptor is a page of YAML; 256 KiB is generous. */
    public static final int MAX_BYTES = 256 * 1024;
    /** Aliases let a team reuse a block; more than this is a bomb, not reuse. */
    public static final int MAX_ALIASES = 20;

    private static final Set<String> ROOT = Set.of("apiVersion", "kind", "metadata", "spec");

    private DescriptorParser() {}

    public static ParsedDescriptor parse(Path file) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            return parse(source, in.readNBytes(MAX_BYTES + 1));
        } catch (IOException e) {
            throw new DescriptorReadException(source + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A descriptor as bytes (a file, a request body). They must be UTF-8: a byte sequence that is not is refused with
     * its line, column and offset, never replaced with U+FFFD, which would validate (and publish) text other than
     * what the team wrote.
     */
    public static ParsedDescriptor parse(String source, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return parse(source, "", bytes.length);
        }
        CharBuffer text = CharBuffer.allocate(bytes.length);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(input, text, true);
        if (result.isError()) {
            return notUtf8(source, bytes, input.position());
        }
        return parse(source, text.flip().toString(), bytes.length);
    }

    public static ParsedDescriptor parse(String source, String yamlText) {
        return parse(source, yamlText, yamlText.getBytes(StandardCharsets.UTF_8).length);
    }

    private static ParsedDescriptor parse(String source, String text, int size) {
        if (size > MAX_BYTES) {
            return failed(
                    source,
                    0,
                    0,
                    "the file is larger than " + MAX_BYTES / 1024
                            + " KiB; a descriptor describes one product: split it or remove embedded data");
        }
        Node root;
        try {
            root = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            return failed(source, line, column, "not valid YAML: " + what);
        } catch (YAMLException e) {
            String message = e.getMessage();
            if (message != null && message.contains("aliases")) {
                message = "too many aliases (more than " + MAX_ALIASES
                        + "): the file looks like an alias bomb; write the values out";
            }
            return failed(source, 0, 0, "not valid YAML: " + message);
        }
        if (root == null) {
            return failed(source, 0, 0, "the file is empty: run 'mesh init' to write a complete template");
        }
        NodeReader reader = new NodeReader(source);
        Map<String, Node> top = reader.fields(root, "", ROOT);
        if (!(root instanceof MappingNode)) {
            return new ParsedDescriptor(source, Optional.empty(), reader.problems(), reader.locations());
        }
        String apiVersion = reader.text(top.get("apiVersion"), "apiVersion");
        String kind = reader.text(top.get("kind"), "kind");
        if (apiVersion == null) {
            reader.problem(
                    root, "apiVersion", "apiVersion is required: add 'apiVersion: " + DataProduct.API_VERSION + "'");
        } else if (!DataProduct.API_VERSION.equals(apiVersion)) {
            reader.problem(
                    top.get("apiVersion"),
                    "apiVersion",
                    "unknown apiVersion '" + apiVersion + "': this mesh reads " + DataProduct.API_VERSION);
            return new ParsedDescriptor(source, Optional.empty(), reader.problems(), reader.locations());
        }
        if (kind == null) {
            reader.problem(root, "kind", "kind is required: add 'kind: " + DataProduct.KIND + "'");
        } else if (!DataProduct.KIND.equals(kind)) {
            reader.problem(
                    top.get("kind"),
                    "kind",
                    "unknown kind '" + kind + "': a " + DataProduct.API_VERSION + " descriptor has kind "
                            + DataProduct.KIND);
            return new ParsedDescriptor(source, Optional.empty(), reader.problems(), reader.locations());
        }
        SpecReader specs = new SpecReader(reader);
        DataProduct.Metadata metadata = specs.metadata(top.get("metadata"), root);
        DataProduct.Spec spec = specs.spec(top.get("spec"), root);
        DataProduct product = new DataProduct(apiVersion, kind, metadata, spec);
        List<Problem> problems = new ArrayList<>(reader.problems());
        problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return new ParsedDescriptor(source, Optional.of(product), List.copyOf(problems), reader.locations());
    }

    /** The problem for the first byte at {@code offset} that is not UTF-8: its line, column and value. */
    private static ParsedDescriptor notUtf8(String source, byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return failed(
                source,
                line,
                offset - lineStart + 1,
                String.format(
                        "not UTF-8 (byte 0x%02X at offset %d): save the descriptor as UTF-8",
                        bytes[offset] & 0xFF, offset));
    }

    private static ParsedDescriptor failed(String source, int line, int column, String message) {
        List<Problem> problems = new ArrayList<>();
        problems.add(new Problem(source, line, column, "", message));
        return new ParsedDescriptor(source, Optional.empty(), problems, Map.of());
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    /** The file could not be read at all (missing, unreadable): a usage error, not an invalid descriptor. */
    public static final class DescriptorReadException extends RuntimeException {
        public DescriptorReadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
