package dev.forgeline.sbom;

import dev.forgeline.sbom.SbomException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * What an artifact's POM says about it, for its SBOM component: description, publisher (the
 * organization), licenses and links. Read as Maven builds the effective model: what the POM leaves
 * out is inherited from its parents (the project {@code url} and {@code scm/url} with the child's
 * artifactId appended, unless the parent says {@code inherit.append.path="false"}), and
 * {@code ${...}} references to the project's coordinates and properties are replaced.
 *
 * @param references link kind (a CycloneDX external reference type: {@code website}, {@code vcs},
 *     {@code issue-tracker}, {@code build-system}, {@code mailing-list}, {@code distribution},
 *     {@code distribution-intake}) to URL, in the POM's order
 */
public record PomDetails(String description, String publisher, List<License> licenses, List<Link> references) {

    /** A {@code <license>}: its name and URL as written (either may be null). */
    public record License(String name, String url) {}

    /** A link of the POM, typed as CycloneDX types external references. */
    public record Link(String type, String url) {
        public Link {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(url, "url");
        }
    }

    /** Where the parent POMs are: a local repository, or what a resolver hands over. */
    @FunctionalInterface
    public interface ParentPoms {
        /** The POM file of {@code groupId:artifactId:version}, if at hand. */
        Optional<Path> find(String groupId, String artifactId, String version);

        /** POMs in a Maven repository layout ({@code ~/.m2/repository}). */
        static ParentPoms inRepository(Path repository) {
            return (g, a, v) -> {
                Path pom = repository.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + ".pom");
                return Files.isRegularFile(pom) ? Optional.of(pom) : Optional.empty();
            };
        }
    }

    public PomDetails {
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
        references = references == null ? List.of() : List.copyOf(references);
    }

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final int MAX_PARENTS = 32;

    /**
     * The details of the POM {@code pom}, its parents found first by their {@code relativePath}
     * (when that POM has the parent's coordinates), then through {@code parents}.
     *
     * @throws SbomException MALFORMED_INPUT for a POM that is not XML, UNRESOLVED_REFERENCE for a
     *     parent that cannot be found, IO when a file cannot be read
     */
    public static PomDetails read(Path pom, ParentPoms parents) throws SbomException {
        Objects.requireNonNull(parents, "parents");
        List<Element> chain = new ArrayList<>();
        Path current = pom;
        while (current != null) {
            if (chain.size() == MAX_PARENTS) {
                throw SbomException.of(Reason.MALFORMED_INPUT, pom, "more than " + MAX_PARENTS + " parent POMs",
                        "a parent chain this long is a cycle: check the <parent> elements");
            }
            Element project = parse(current);
            chain.add(project);
            current = parentOf(current, project, parents);
        }
        return effective(chain);
    }

    // ---- the effective model, for the fields an SBOM records --------------------------------

    private static PomDetails effective(List<Element> chain) {
        Map<String, String> properties = properties(chain);
        String description = inherited(chain, "description");
        String publisher = inherited(chain, "organization", "name");
        List<License> licenses = new ArrayList<>();
        for (Element project : chain) {
            Element list = child(project, "licenses");
            if (list != null) {
                for (Element l : children(list, "license")) {
                    String name = interpolate(text(l, "name"), properties);
                    String url = interpolate(text(l, "url"), properties);
                    if (name != null || url != null) {
                        licenses.add(new License(name, url));
                    }
                }
                break;
            }
        }
        List<Link> links = new ArrayList<>();
        add(links, "website", appendedUrl(chain, "url", new String[] {"url"}), properties);
        add(links, "build-system", inherited(chain, "ciManagement", "url"), properties);
        add(links, "distribution", inherited(chain, "distributionManagement", "downloadUrl"), properties);
        add(links, "distribution-intake", inherited(chain, "distributionManagement", "repository", "url"), properties);
        add(links, "issue-tracker", inherited(chain, "issueManagement", "url"), properties);
        for (Element project : chain) {
            Element list = child(project, "mailingLists");
            if (list != null) {
                for (Element m : children(list, "mailingList")) {
                    String archive = text(m, "archive");
                    add(links, "mailing-list", archive != null ? archive : text(m, "subscribe"), properties);
                }
                break;
            }
        }
        add(links, "vcs", appendedUrl(chain, "scm", new String[] {"scm", "url"}), properties);
        return new PomDetails(interpolate(description, properties), interpolate(publisher, properties),
                licenses, links);
    }

    /** The first POM of the chain (child first) that has the element at {@code path}. */
    private static String inherited(List<Element> chain, String... path) {
        for (Element project : chain) {
            String value = text(project, path);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * An inherited URL with each child's artifactId appended, as Maven does for {@code url} and
     * {@code scm/url}, unless the POM that declares it sets {@code child.<attribute-owner>.inherit.append.path="false"}.
     */
    private static String appendedUrl(List<Element> chain, String owner, String[] path) {
        for (int i = 0; i < chain.size(); i++) {
            String value = text(chain.get(i), path);
            if (value == null) {
                continue;
            }
            Element holder = owner.equals("url") ? chain.get(i) : child(chain.get(i), owner);
            String attribute = owner.equals("url") ? "child.project.url.inherit.append.path"
                    : "child.scm.url.inherit.append.path";
            if (holder != null && "false".equals(holder.getAttribute(attribute))) {
                return value;
            }
            StringBuilder url = new StringBuilder(value);
            for (int j = i - 1; j >= 0; j--) {
                String artifactId = text(chain.get(j), "artifactId");
                if (artifactId != null) {
                    if (url.length() > 0 && url.charAt(url.length() - 1) != '/') {
                        url.append('/');
                    }
                    url.append(artifactId);
                }
            }
            return url.toString();
        }
        return null;
    }

    private static void add(List<Link> links, String type, String url, Map<String, String> properties) {
        String value = interpolate(url, properties);
        // A reference left unresolved (${...}) or otherwise not a URI is dropped, as the peer plugin does.
        if (value != null && !value.isBlank() && isUri(value.strip())) {
            links.add(new Link(type, value.strip()));
        }
    }

    private static boolean isUri(String s) {
        try {
            new java.net.URI(s);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** project.* coordinates of the child and every {@code <properties>} entry, child over parent. */
    private static Map<String, String> properties(List<Element> chain) {
        Map<String, String> props = new HashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            Element properties = child(chain.get(i), "properties");
            if (properties != null) {
                for (Node n = properties.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e) {
                        props.put(e.getTagName(), e.getTextContent().strip());
                    }
                }
            }
        }
        Element child = chain.get(0);
        Element parent = child(child, "parent");
        String groupId = text(child, "groupId") != null ? text(child, "groupId") : text(parent, "groupId");
        String version = text(child, "version") != null ? text(child, "version") : text(parent, "version");
        for (String prefix : new String[] {"project.", "pom.", ""}) {
            putIfPresent(props, prefix + "groupId", groupId);
            putIfPresent(props, prefix + "artifactId", text(child, "artifactId"));
            putIfPresent(props, prefix + "version", version);
        }
        putIfPresent(props, "project.scm.tag", inherited(chain, "scm", "tag"));
        putIfPresent(props, "project.parent.version", text(parent, "version"));
        putIfPresent(props, "project.parent.groupId", text(parent, "groupId"));
        return props;
    }

    private static void putIfPresent(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }

    private static String interpolate(String value, Map<String, String> properties) {
        if (value == null) {
            return null;
        }
        String result = value;
        for (int round = 0; round < 8 && result.contains("${"); round++) {
            Matcher m = PROPERTY.matcher(result);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String replacement = properties.get(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
            }
            m.appendTail(sb);
            if (sb.toString().equals(result)) {
                break;
            }
            result = sb.toString();
        }
        return result.strip();
    }

    // ---- reading POM files ----------------------------------------------------------------

    private static Path parentOf(Path pom, Element project, ParentPoms parents) throws SbomException {
        Element parent = child(project, "parent");
        if (parent == null) {
            return null;
        }
        String g = text(parent, "groupId");
        String a = text(parent, "artifactId");
        String v = text(parent, "version");
        if (g == null || a == null || v == null) {
            throw SbomException.of(Reason.MISSING_FIELD, pom, "<parent> needs groupId, artifactId and version",
                    "fix the POM's <parent> element");
        }
        String relative = text(parent, "relativePath");
        Path dir = pom.toAbsolutePath().getParent();
        if (dir != null && !"".equals(relative)) {
            Path candidate = dir.resolve(relative == null ? "../pom.xml" : relative);
            if (Files.isDirectory(candidate)) {
                candidate = candidate.resolve("pom.xml");
            }
            if (Files.isRegularFile(candidate) && hasCoordinates(parse(candidate), g, a, v)) {
                return candidate;
            }
        }
        return parents.find(g, a, v).orElseThrow(() -> SbomException.of(Reason.UNRESOLVED_REFERENCE, pom,
                "parent POM " + g + ":" + a + ":" + v + " not found",
                "resolve the artifact's POM and its parents first (maven-resolver, or mvn dependency:resolve)"));
    }

    private static boolean hasCoordinates(Element project, String g, String a, String v) {
        Element parent = child(project, "parent");
        String groupId = text(project, "groupId") != null ? text(project, "groupId") : text(parent, "groupId");
        String version = text(project, "version") != null ? text(project, "version") : text(parent, "version");
        return g.equals(groupId) && a.equals(text(project, "artifactId")) && v.equals(version);
    }

    private static Element parse(Path pom) throws SbomException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pom);
        } catch (NoSuchFileException e) {
            throw SbomException.of(Reason.IO, pom, "the POM does not exist", "resolve the artifact's POM first");
        } catch (IOException e) {
            throw SbomException.io(pom, "read the POM", e);
        }
        try {
            Document doc = builder().parse(new java.io.ByteArrayInputStream(bytes), pom.toUri().toString());
            Element root = doc.getDocumentElement();
            if (!"project".equals(root.getLocalName() != null ? root.getLocalName() : root.getTagName())) {
                throw SbomException.of(Reason.MALFORMED_INPUT, pom,
                        "the root element is <" + root.getTagName() + ">, not <project>", "pass a Maven POM");
            }
            return root;
        } catch (SAXParseException e) {
            throw SbomException.at(Reason.MALFORMED_INPUT, pom, Math.max(e.getLineNumber(), 1),
                    "not well-formed XML: " + e.getMessage(), "the POM may be truncated: resolve it again");
        } catch (SAXException | IOException e) {
            throw SbomException.of(Reason.MALFORMED_INPUT, pom, "cannot read the POM as XML: " + e.getMessage(),
                    null, e);
        }
    }

    /** A parser that reads no DTD and no external entity (a POM never needs them). */
    private static DocumentBuilder builder() throws SbomException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw SbomException.of(Reason.IO, null, "no XML parser: " + e.getMessage(), null, e);
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The trimmed text at {@code path} below {@code from}; null when absent or empty. */
    private static String text(Element from, String... path) {
        Element e = from;
        for (String step : path) {
            e = child(e, step);
            if (e == null) {
                return null;
            }
        }
        String t = e.getTextContent().strip();
        return t.isEmpty() ? null : t;
    }
}
