package dev.forgeline.gateway.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The media ranges of one or more {@code Accept} headers, enough to answer "does the client accept
 * this type?". Wildcards ({@code *}{@code /*}, {@code text/*}) count, as HTTP says they do, and a
 * range with {@code q=0} counts as a refusal.
 */
public final class AcceptHeader {
    private record Range(String type, String subtype, boolean refused) {}

    private final List<Range> ranges;

    private AcceptHeader(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Parses the values of every Accept header on the request; null or empty means none was sent. */
    public static AcceptHeader parse(List<String> headerValues) {
        List<Range> ranges = new ArrayList<>();
        if (headerValues != null) {
            for (String value : headerValues) {
                for (String part : value.split(",")) {
                    Range range = parseRange(part);
                    if (range != null) {
                        ranges.add(range);
                    }
                }
            }
        }
        return new AcceptHeader(ranges);
    }

    /** True when the most specific range matching {@code mediaType} does not refuse it. */
    public boolean accepts(String mediaType) {
        String[] wanted = mediaType.toLowerCase(Locale.ROOT).split("/", 2);
        Range best = null;
        int bestSpecificity = -1;
        for (Range r : ranges) {
            int specificity = specificity(r, wanted[0], wanted[1]);
            if (specificity > bestSpecificity) {
                best = r;
                bestSpecificity = specificity;
            }
        }
        return best != null && !best.refused();
    }

    private static int specificity(Range r, String type, String subtype) {
        if (r.type().equals(type) && r.subtype().equals(subtype)) {
            return 2;
        }
        if (r.type().equals(type) && r.subtype().equals("*")) {
            return 1;
        }
        if (r.type().equals("*") && r.subtype().equals("*")) {
            return 0;
        }
        return -1;
    }

    private static Range parseRange(String part) {
        String[] params = part.split(";");
        String[] type = params[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
        if (type.length != 2 || type[0].isEmpty() || type[1].isEmpty()) {
            return null;
        }
        boolean refused = false;
        for (int i = 1; i < params.length; i++) {
            String[] kv = params[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("q")) {
                refused = isZero(kv[1].trim());
            }
        }
        return new Range(type[0], type[1].trim(), refused);
    }

    private static boolean isZero(String q) {
        try {
            return Double.parseDouble(q) == 0.0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
