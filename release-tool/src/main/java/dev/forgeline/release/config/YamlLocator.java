package dev.forgeline.release.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds where a value sits in a YAML document, by JSON pointer, so that checks made after parsing
 * (an unknown target, a missing directory) can still point at the line to fix.
 */
final class YamlLocator {
    private final String yaml;

    YamlLocator(String yaml) {
        this.yaml = yaml;
    }

    Optional<JsonLocation> locate(String pointer) {
        JsonPointer wanted = JsonPointer.compile(pointer);
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    continue;
                }
                if (parser.getParsingContext().pathAsPointer().equals(wanted)
                        || (token.isStructStart() && parser.getParsingContext().getParent() != null
                                && parser.getParsingContext().getParent().pathAsPointer().equals(wanted))) {
                    return Optional.of(parser.currentTokenLocation());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
