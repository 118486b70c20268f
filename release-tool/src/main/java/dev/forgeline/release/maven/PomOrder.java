package dev.forgeline.release.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The order in which a release's POMs become visible: a POM only after the POMs of the release it names (its parent,
 * its dependencies), so a consumer who can read a module's POM can resolve everything of the release it needs. Taken
 * from the POMs themselves, not from module names. Modules that do not depend on each other keep their path order.
 */
final class PomOrder {
    private PomOrder() {}

    /**
     * @param poms each module's POM file by its repository path
     * @return the repository paths, each after those it depends on
     * @throws IOException when a POM cannot be read, or the POMs depend on each other in a cycle
     */
    static List<String> of(Map<String, Path> poms) throws IOException {
        Map<String, String> pathByGa = new TreeMap<>();
        Map<String, Set<String>> needs = new TreeMap<>();
        for (Map.Entry<String, Path> pom : poms.entrySet()) {
            Element project = parse(pom.getValue());
            String groupId = text(project, "groupId");
            Element parent = child(project, "parent");
            if (groupId == null && parent != null) {
                groupId = text(parent, "groupId");
            }
            String ga = groupId + ":" + text(project, "artifactId");
            pathByGa.put(ga, pom.getKey());
            Set<String> references = new LinkedHashSet<>();
            if (parent != null) {
                references.add(text(parent, "groupId") + ":" + text(parent, "artifactId"));
            }
            Element dependencies = child(project, "dependencies");
            if (dependencies != null) {
                for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element dependency && dependency.getTagName().equals("dependency")) {
                        String depGroup = text(dependency, "groupId");
                        if ("${project.groupId}".equals(depGroup)) {
                            depGroup = groupId;
                        }
                        references.add(depGroup + ":" + text(dependency, "artifactId"));
                    }
                }
            }
            references.remove(ga); // a module's own classifier jars
            needs.put(ga, references);
        }
        List<String> order = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        while (placed.size() < pathByGa.size()) {
            boolean progress = false;
            for (String ga : pathByGa.keySet()) {
                if (placed.contains(ga)) {
                    continue;
                }
                boolean ready = needs.get(ga).stream().noneMatch(r -> pathByGa.containsKey(r) && !placed.contains(r));
                if (ready) {
                    placed.add(ga);
                    order.add(pathByGa.get(ga));
                    progress = true;
                }
            }
            if (!progress) {
                Set<String> left = new TreeSet<>(pathByGa.keySet());
                left.removeAll(placed);
                throw new IOException("the POMs of " + left + " depend on each other in a cycle");
            }
        }
        return order;
    }

    private static Element parse(Path pom) throws IOException {
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(in).getDocumentElement();
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("Cannot read the POM " + pom + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
