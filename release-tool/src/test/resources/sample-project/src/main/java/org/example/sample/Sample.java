package org.example.sample;

/** The Java side of the sample project. */
public final class Sample {
    private Sample() {}

    public static String name() {
        return "sample";
    }
}
