/**
 * CycloneDX 1.6 SBOMs for Forgeline releases, built on cyclonedx-core-java.
 *
 * <p>Builders, each one job: {@link dev.forgeline.sbom.CargoLockSbom} (a crate from its Cargo.toml
 * and Cargo.lock), {@link dev.forgeline.sbom.MavenGraphSbom} (a resolved Maven graph of
 * {@link dev.forgeline.sbom.ResolvedArtifact}s). {@link dev.forgeline.sbom.SbomWriter} turns the
 * result into deterministic JSON, checked by {@link dev.forgeline.sbom.SbomValidator}. Failures
 * are {@link dev.forgeline.sbom.SbomException}s that say which file, which line and why.
 *
 * <p>This library does not depend on the release tool.
 */
package dev.forgeline.sbom;
