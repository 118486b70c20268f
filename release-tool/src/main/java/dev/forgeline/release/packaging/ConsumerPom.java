package dev.forgeline.release.packaging;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The POM published for the native artifact: the module's own POM plus a dependency on the
 * classifier jar of every platform in the release. A consumer that declares only a module depending
 * on the loader therefore receives every platform's library, and the loader picks its own.
 */
public final class ConsumerPom {
    private ConsumerPom() {}

    public static byte[] withPlatformDependencies(
            Path pom, String groupId, String artifactId, String version, List<String> classifiers) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            Element project = doc.getDocumentElement();
            String ns = project.getNamespaceURI();
            Element dependencies = directChild(project, "dependencies");
            if (dependencies == null) {
                dependencies = doc.createElementNS(ns, "dependencies");
                project.appendChild(doc.createTextNode("  "));
                project.appendChild(dependencies);
                project.appendChild(doc.createTextNode("\n"));
            }
            dependencies.appendChild(doc.createComment(
                    " Added by forgeline: the native library of every platform in this release. "));
            for (String classifier : classifiers) {
                Element dep = doc.createElementNS(ns, "dependency");
                append(doc, dep, ns, "groupId", groupId);
                append(doc, dep, ns, "artifactId", artifactId);
                append(doc, dep, ns, "version", version);
                append(doc, dep, ns, "classifier", classifier);
                dependencies.appendChild(doc.createTextNode("\n    "));
                dependencies.appendChild(dep);
            }
            dependencies.appendChild(doc.createTextNode("\n  "));
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new ForgelineException(ExitCode.BUILD_FAILED, "cannot write the consumer POM from " + pom + ": " + e.getMessage(),
                    "check that the POM is well-formed XML", e);
        }
    }

    private static void append(Document doc, Element parent, String ns, String name, String value) {
        Element e = doc.createElementNS(ns, name);
        e.setTextContent(value);
        parent.appendChild(doc.createTextNode("\n      "));
        parent.appendChild(e);
    }

    private static Element directChild(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }
}
