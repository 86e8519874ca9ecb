package dev.meshplane.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A CSV file with a header line, or JSON lines (one object per line), read line by line. In CSV an empty unquoted
 * field is null and {@code ""} is an empty string; in JSON lines the first object's keys are the columns.
 */
public final class FileSource implements RowSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final BufferedReader reader;
    private final boolean csv;
    private final List<String> columns = new ArrayList<>();
    private Object[] current;
    private String pending;
    private long line;

    private FileSource(Path path, BufferedReader reader, boolean csv) {
        this.path = path;
        this.reader = reader;
        this.csv = csv;
    }

    /** Opens {@code path}; {@code format} is csv or jsonl (null: from the file name). */
    public static FileSource open(Path path, String format) {
        String f = format != null
                ? format.toLowerCase(Locale.ROOT)
                : path.getFileName().toString().endsWith(".csv") ? "csv" : "jsonl";
        if (!f.equals("csv") && !f.equals("jsonl")) {
            throw new PipelineException("spec.source.format: " + format + " is not supported: use csv or jsonl");
        }
        try {
            FileSource s = new FileSource(path, Files.newBufferedReader(path, StandardCharsets.UTF_8), f.equals("csv"));
            s.readHeader();
            return s;
        } catch (NoSuchFileException e) {
            throw new PipelineException("spec.source.path: " + path + " does not exist");
        } catch (IOException e) {
            throw new PipelineException("could not read " + path + ": " + e.getMessage());
        }
    }

    private void readHeader() throws IOException {
        String first = reader.readLine();
        line++;
        if (first == null) {
            return;
        }
        if (csv) {
            for (String c : splitCsv(first)) {
                columns.add(c == null ? "" : c.trim().toLowerCase(Locale.ROOT));
            }
        } else {
            for (Iterator<String> it = parse(first).fieldNames(); it.hasNext(); ) {
                columns.add(it.next().toLowerCase(Locale.ROOT));
            }
            pending = first;
            line--;
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean next() throws IOException {
        String text = pending != null ? pending : reader.readLine();
        pending = null;
        while (text != null && text.isBlank()) {
            line++;
            text = reader.readLine();
        }
        if (text == null) {
            return false;
        }
        line++;
        current = csv ? csvRow(text) : jsonRow(text);
        return true;
    }

    private Object[] csvRow(String text) {
        List<String> fields = splitCsv(text);
        if (fields.size() != columns.size()) {
            throw new PipelineException(
                    position() + ": " + fields.size() + " fields, the header has " + columns.size());
        }
        return fields.toArray();
    }

    private Object[] jsonRow(String text) {
        JsonNode node = parse(text);
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> byName.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            JsonNode v = byName.remove(columns.get(i));
            row[i] = v == null || v.isNull()
                    ? null
                    : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText();
        }
        if (!byName.isEmpty()) {
            throw new PipelineException(position() + ": column "
                    + byName.keySet().iterator().next() + " is not in the first line's columns " + columns);
        }
        return row;
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new PipelineException(position() + ": not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PipelineException(position() + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** RFC 4180 fields of one line: quotes, doubled quotes; an empty unquoted field is null. */
    static List<String> splitCsv(String text) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (ch == ',') {
                fields.add(field.length() == 0 && !wasQuoted ? null : field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(ch);
            }
        }
        fields.add(field.length() == 0 && !wasQuoted ? null : field.toString());
        return fields;
    }

    @Override
    public Object value(int i) {
        return current[i];
    }

    @Override
    public String position() {
        return path.getFileName() + " line " + line;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
