/**
 * The release's CycloneDX documents as the release tool composes them from the {@code sbom} module's builders: the
 * platform library's SBOM (its crate, the Cargo lock, the toolchain that built it), the platform jar's, a Maven module's
 * (its resolved runtime graph) and the release's, which joins them. Not a stage: the package stage writes the platform
 * library's SBOM into the platform jar, and the sbom stage writes the others; see docs/sbom.md.
 */
package dev.forgeline.release.bom;
