package io.sparkgate.cli;

import picocli.CommandLine;

/** Reports the version Maven wrote into the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Sparkgate.class.getPackage().getImplementationVersion();
        return new String[] {"sparkgate " + (v == null ? "(development build)" : v)};
    }
}
