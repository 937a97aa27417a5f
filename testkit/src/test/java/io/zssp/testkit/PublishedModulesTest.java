package io.zssp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The repository as a user receives it: every published module is a named Java module and is in the
 * BOM at the project version, and nothing refers to folders outside the clone.
 */
class PublishedModulesTest {
  private static final Path ROOT = VectorFiles.root().getParent();

  private static Document pom(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
        out.add((Element) n);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().trim();
  }

  /** Modules of the reactor that are deployed (all but those setting maven.deploy.skip). */
  private static Set<String> publishedArtifacts() throws Exception {
    Set<String> published = new TreeSet<>();
    Element parent = pom(ROOT.resolve("pom.xml")).getDocumentElement();
    for (Element module : children(children(parent, "modules").get(0), "module")) {
      String dir = module.getTextContent().trim();
      if (dir.equals("bom")) {
        continue;
      }
      Element pom = pom(ROOT.resolve(dir).resolve("pom.xml")).getDocumentElement();
      List<Element> props = children(pom, "properties");
      boolean skipped = !props.isEmpty() && "true".equals(text(props.get(0), "maven.deploy.skip"));
      if (!skipped) {
        published.add(text(pom, "artifactId"));
        assertTrue(
            Files.isRegularFile(ROOT.resolve(dir).resolve("src/main/java/module-info.java")),
            dir + " is published but has no module-info.java");
      }
    }
    return published;
  }

  @Test
  void bom_listsEveryPublishedModule_atTheProjectVersion() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml")).getDocumentElement();
    String version = text(parent, "version");
    Element bom = pom(ROOT.resolve("bom/pom.xml")).getDocumentElement();
    assertEquals(version, text(bom, "version"), "bom version");
    assertTrue(children(bom, "parent").isEmpty(), "the BOM must not inherit the build's pins");

    Set<String> listed = new TreeSet<>();
    Element deps = children(children(bom, "dependencyManagement").get(0), "dependencies").get(0);
    for (Element dep : children(deps, "dependency")) {
      assertEquals("io.zssp", text(dep, "groupId"));
      assertEquals(version, text(dep, "version"), text(dep, "artifactId"));
      listed.add(text(dep, "artifactId"));
    }
    assertEquals(publishedArtifacts(), listed);
  }

  @Test
  void nothingInTheProject_refersToFoldersBesideTheClone() throws IOException {
    String outside = "../" + "shared";
    List<String> offenders;
    try (Stream<Path> files = Files.walk(ROOT)) {
      offenders =
          files
              .filter(p -> !p.startsWith(ROOT.resolve(".git")))
              .filter(p -> !ROOT.relativize(p).toString().contains("target/"))
              .filter(Files::isRegularFile)
              .filter(p -> !p.startsWith(ROOT.resolve("vectors")))
              .filter(
                  p -> {
                    try {
                      return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
                          .contains(outside);
                    } catch (IOException e) {
                      return false;
                    }
                  })
              .map(p -> ROOT.relativize(p).toString())
              .collect(Collectors.toList());
    }
    assertEquals(List.of(), offenders);
  }
}
