package dev.forgeline.release.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One job's machine: an overlay over the cached root file system (the job's writes land in its own upper directory,
 * the cache stays as it was), entered with {@code unshare --mount} and {@code chroot} as root, with /proc and /dev
 * mounted, the host's resolv.conf, and the job's bind mounts (its work directory, the JDK, caches). Every step runs in
 * fresh mount and PID namespaces that end with it, so nothing stays mounted or running on the host. Steps run as root (a
 * {@code container:} job) or as the runner user, uid {@value #RUNNER_UID} (a job on the runner itself).
 */
final class JobSandbox {
    static final int RUNNER_UID = 1001;

    private final Path rootfs;
    private final Path dir;
    private final boolean asRunnerUser;
    private final List<String[]> binds = new ArrayList<>();

    JobSandbox(Path rootfs, Path dir, boolean asRunnerUser) throws IOException {
        this.rootfs = rootfs;
        this.dir = dir;
        this.asRunnerUser = asRunnerUser;
        Files.createDirectories(upper());
        Files.createDirectories(dir.resolve("overlay-work"));
        Files.createDirectories(merged());
    }

    boolean asRunnerUser() {
        return asRunnerUser;
    }

    /** What the job wrote to the root file system (outside its bind mounts). */
    Path upper() {
        return dir.resolve("upper");
    }

    private Path merged() {
        return dir.resolve("merged");
    }

    /** Mounts {@code hostDir} at {@code insidePath} for this and every later step of the job. */
    void bind(Path hostDir, String insidePath, boolean readOnly) {
        if (hostDir.toString().contains(" ") || insidePath.contains(" ")) {
            throw new IllegalArgumentException("a path with a space cannot be bound: " + hostDir + " " + insidePath);
        }
        binds.add(new String[] {hostDir.toAbsolutePath().toString(), insidePath, readOnly ? "ro" : "rw"});
    }

    /**
     * Runs {@code script} (a path inside the job's machine) with bash as GitHub's {@code shell: bash} does
     * ({@code bash --noprofile --norc -eo pipefail}), in {@code workingDirectory}, with exactly {@code environment}.
     */
    Commands.Result runBash(String script, String workingDirectory, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        Path bindList = dir.resolve("binds");
        StringBuilder lines = new StringBuilder();
        binds.forEach(b -> lines.append(String.join(" ", b)).append('\n'));
        Files.writeString(bindList, lines.toString(), StandardCharsets.UTF_8);
        Path enter = dir.resolve("enter.sh");
        Files.writeString(enter, enterScript(), StandardCharsets.UTF_8);
        // A PID namespace too: when the step ends (or is killed) nothing it started lives on.
        List<String> command = List.of("/usr/bin/unshare", "--mount", "--propagation", "private", "--pid", "--fork", "--kill-child",
                "/bin/sh", enter.toString(),
                rootfs.toString(), upper().toString(), dir.resolve("overlay-work").toString(), merged().toString(),
                bindList.toString(), asRunnerUser ? RUNNER_UID + ":" + RUNNER_UID : "", workingDirectory, script);
        return Commands.runClean(command, null, environment, log);
    }

    private static String enterScript() {
        return """
                # Enters a job's machine (see JobSandbox): runs in a mount namespace of its own, as root on the host.
                set -e
                lower=$1 upper=$2 work=$3 m=$4 binds=$5 user=$6 cwd=$7 script=$8
                /bin/mount -t overlay overlay -o "lowerdir=$lower,upperdir=$upper,workdir=$work" "$m"
                /bin/mount -t proc proc "$m/proc"
                /bin/mount --rbind /dev "$m/dev"
                [ -e "$m/etc/resolv.conf" ] || : > "$m/etc/resolv.conf"
                /bin/mount --bind /etc/resolv.conf "$m/etc/resolv.conf"
                while read -r src dst mode; do
                  /bin/mkdir -p "$m$dst"
                  /bin/mount --bind "$src" "$m$dst"
                  if [ "$mode" = ro ]; then /bin/mount -o remount,bind,ro "$m$dst"; fi
                done < "$binds"
                if [ -n "$user" ]; then
                  # The runner's own user, as on GitHub's hosted runners (named, with a home).
                  grep -q '^runner:' "$m/etc/passwd" || echo "runner:x:${user%%:*}:${user##*:}:runner:/home/runner:/bin/bash" >> "$m/etc/passwd"
                  grep -q '^runner:' "$m/etc/group" || echo "runner:x:${user##*:}:" >> "$m/etc/group"
                  /bin/mkdir -p "$m/home/runner" && /bin/chown "$user" "$m/home/runner"
                  exec /usr/sbin/chroot --userspec="$user" --groups="${user##*:}" "$m" /bin/sh -c 'cd "$1" && exec /bin/bash --noprofile --norc -eo pipefail "$2"' sh "$cwd" "$script"
                fi
                exec /usr/sbin/chroot "$m" /bin/sh -c 'cd "$1" && exec /bin/bash --noprofile --norc -eo pipefail "$2"' sh "$cwd" "$script"
                """;
    }
}
