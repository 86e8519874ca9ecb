package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import dev.meshplane.testing.TestPlatform;

/**
 * The module table in {@code docs/architecture.md} is the picture newcomers read; this test draws the same table
 * from the poms and fails when the two disagree, so the picture stays true. (What a module may never reach,
 * transitively, is the enforcer's {@code module-directions} rule, in the poms themselves.)
 */
class ModuleDirectionsTest {

    private static final Path ROOT = TestPlatform.repositoryRoot();
    private static final String PREFIX = "meshplane-";

    @Test
    void theArchitecturePageShowsTheModulesAndDependenciesThePomsDeclare() throws Exception {
        Map<String, Row> fromPoms = new LinkedHashMap<>();
        for (String module : modules(ROOT)) {
            fromPoms.put(module, row(ROOT.resolve(module)));
        }
        Map<String, Row> fromDocs = documented();
        assertThat(fromDocs.keySet())
                .as("modules on the architecture page")
                .containsExactlyInAnyOrderElementsOf(fromPoms.keySet());
        fromPoms.forEach((module, row) -> assertThat(fromDocs.get(module))
                .as("the row of %s in docs/architecture.md", module)
                .isEqualTo(row));
    }

    /** A module's artifact, the meshplane modules it uses, and those it only needs built first. */
    record Row(String artifact, Set<String> uses, Set<String> buildsAfter) {}

    private static List<String> modules(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        Element project = pom(dir);
        for (Element m : children(child(project, "modules"), "module")) {
            Path module = dir.resolve(m.getTextContent().trim()).normalize();
            out.add(ROOT.relativize(module).toString());
            out.addAll(modules(module));
        }
        return out;
    }

    private static Row row(Path dir) throws Exception {
        Element project = pom(dir);
        Set<String> uses = new TreeSet<>();
        Set<String> after = new TreeSet<>();
        for (Element dep : children(child(project, "dependencies"), "dependency")) {
            if (!"dev.meshplane".equals(text(dep, "groupId"))) {
                continue;
            }
            String name = text(dep, "artifactId").substring(PREFIX.length());
            String scope = text(dep, "scope");
            boolean orderOnly = "provided".equals(scope)
                    && dep.getElementsByTagName("exclusion").getLength() > 0;
            if (orderOnly) {
                after.add(name);
            } else {
                uses.add("test".equals(scope) ? name + " (test)" : name);
            }
        }
        return new Row(text(project, "artifactId").substring(PREFIX.length()), uses, after);
    }

    /** Rows like {@code | `libs/policy` | policy | descriptor, test-fixtures (test) | — |}. */
    private static Map<String, Row> documented() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("docs/architecture.md"));
        int start = lines.indexOf("## Modules and their directions");
        assertThat(start)
                .as("docs/architecture.md has a section 'Modules and their directions'")
                .isNotNegative();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            rows.put(strip(cells[1]), new Row(strip(cells[2]), set(cells[3]), set(cells[4])));
        }
        return rows;
    }

    private static String strip(String cell) {
        return cell.replace("`", "").trim();
    }

    private static Set<String> set(String cell) {
        Set<String> out = new TreeSet<>();
        for (String part : strip(cell).split(",")) {
            if (!part.isBlank() && !part.trim().equals("—")) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static Element pom(Path dir) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("pom.xml").toFile());
        return doc.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent != null) {
            NodeList all = parent.getChildNodes();
            for (int i = 0; i < all.getLength(); i++) {
                if (all.item(i) instanceof Element e && e.getTagName().equals(name)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
