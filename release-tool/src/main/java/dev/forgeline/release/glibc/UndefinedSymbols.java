package dev.forgeline.release.glibc;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The undefined symbols a failed link names, in GNU ld's and lld's wording. */
public final class UndefinedSymbols {
    private static final Pattern GNU_LD = Pattern.compile("undefined reference to `([^'@]+)(?:@[^']*)?'");
    private static final Pattern LLD = Pattern.compile("undefined symbol: ([^\\s@]+)");

    private UndefinedSymbols() {}

    public static Set<String> in(String linkerOutput) {
        Set<String> names = new TreeSet<>();
        for (Pattern p : new Pattern[] {GNU_LD, LLD}) {
            Matcher m = p.matcher(linkerOutput);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
