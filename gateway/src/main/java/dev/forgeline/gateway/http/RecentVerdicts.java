package dev.forgeline.gateway.http;

import java.util.function.Predicate;

/**
 * The verdicts of a check on the last few distinct header values, keyed by the exact value: clients send
 * the same Accept or Host header on every request, so the check runs once per distinct value rather than
 * once per request. Bounded (a fixed number of slots, a new value replaces the one in its slot), so values
 * a client varies on purpose only cost the check each time. Slots hold immutable pairs, so threads may
 * share it without locks: a reader sees a whole pair or an older one.
 */
public final class RecentVerdicts {
    private record Verdict(String value, boolean ok) {}

    private final Verdict[] slots;
    private final Predicate<String> check;

    /** {@code slots}: a power of two. */
    public RecentVerdicts(int slots, Predicate<String> check) {
        if (slots < 1 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.slots = new Verdict[slots];
        this.check = check;
    }

    /** The check's verdict on {@code value}, the one recorded when this value was asked last. */
    public boolean test(String value) {
        int slot = value.hashCode() & (slots.length - 1);
        Verdict recent = slots[slot];
        if (recent != null && recent.value().equals(value)) {
            return recent.ok();
        }
        boolean ok = check.test(value);
        slots[slot] = new Verdict(value, ok);
        return ok;
    }
}
