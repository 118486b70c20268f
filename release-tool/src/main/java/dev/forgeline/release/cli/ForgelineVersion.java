package dev.forgeline.release.cli;

import picocli.CommandLine;

/** The tool's own version, from the jar manifest (Maven writes Implementation-Version). */
final class ForgelineVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ForgelineCli.class.getPackage().getImplementationVersion();
        return new String[] {"forgeline " + (version == null ? "(development build)" : version)};
    }
}
