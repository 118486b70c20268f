package dev.forgeline.sbom;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;

/** Checks CycloneDX JSON against the 1.6 schema with cyclonedx-core-java's {@link JsonParser}. */
public final class SbomValidator {

    private SbomValidator() {}

    /**
     * The schema violations of {@code json} as a CycloneDX 1.6 document; empty when it conforms.
     * Text that is not JSON at all gives one problem saying so.
     */
    public static List<String> problems(byte[] json) {
        Objects.requireNonNull(json, "json");
        try {
            return new JsonParser().validate(json, SbomWriter.SPEC_VERSION).stream()
                    .map(ParseException::getMessage)
                    .collect(Collectors.toUnmodifiableList());
        } catch (IOException e) {
            return List.of("not a JSON document: " + e.getMessage());
        }
    }
}
