package dev.forgeline.release.sign;

import java.time.Clock;
import java.util.Map;

/** Loads the signing keys when the sign stage runs, so secrets are read only when they are used. */
@FunctionalInterface
public interface KeyLoader {

    /**
     * @param env the run's environment (keys may be named by variables)
     * @param clock the time signatures carry: the release's SOURCE_DATE_EPOCH, so a rerun writes identical files
     */
    SigningKeys load(Map<String, String> env, Clock clock);
}
