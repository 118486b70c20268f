package dev.forgeline.release.check;

import dev.forgeline.release.build.NativeBuild;
import dev.forgeline.release.build.NativeBuilds;
import dev.forgeline.release.stage.StageResult;
import java.util.List;

/** The check stage's result: each library of the build with the report of the checks it passed. */
public record CheckedBuilds(NativeBuilds builds, List<Checked> checked) implements StageResult {

    public CheckedBuilds {
        checked = List.copyOf(checked);
    }

    /** One library and what the checks found in it. */
    public record Checked(NativeBuild build, CheckReport report) {}

    @Override
    public String summary() {
        return builds.recorded().isPresent() ? "checked when built" : checked.size() + " library file(s) passed the checks";
    }
}
