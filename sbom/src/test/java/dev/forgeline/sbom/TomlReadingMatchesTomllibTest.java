package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * jackson-dataformat-toml reads every Cargo file among the test resources (our fixtures and the real
 * lock files of cargo and uv) exactly as Python's tomllib does: the same tree, value for value.
 */
class TomlReadingMatchesTomllibTest {

    private static final String DUMP = "import json, sys, tomllib\n"
            + "for name in sys.argv[1:]:\n"
            + "    with open(name, 'rb') as f:\n"
            + "        print(json.dumps(tomllib.load(f)))\n";

    @Test
    void read_everyCargoFileOfTheTestResources_givesTomllibsTree() throws Exception {
        Peers.requireCommand("python3", "sudo apt-get install -y python3 (3.11 or later, for tomllib)");
        Path resources = Fixtures.resource("cargo").getParent();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(resources)) {
            files = walk.filter(p -> p.getFileName().toString().matches("Cargo\\.(toml|lock)")).sorted().toList();
        }
        assertTrue(files.size() > 40, "the fixtures and the real workspaces: " + files.size());

        String[] command = Stream.concat(Stream.of("python3", "-c", DUMP), files.stream().map(Path::toString))
                .toArray(String[]::new);
        List<String> dumps = Peers.ok(resources, Map.of(), command).lines().toList();

        assertEquals(files.size(), dumps.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < files.size(); i++) {
            JsonNode expected = json.readTree(dumps.get(i));
            JsonNode actual = TomlFile.read(files.get(i), "test file").root();
            assertEquals(expected, actual, resources.relativize(files.get(i)).toString());
        }
    }
}
