package dev.forgeline.release.cli;

/**
 * Ends the process without the JVM's wait for threads in native code. HotSpot's exit waits up to 300 ms for every Java
 * thread running native code to stop there, and each JDK HttpClient keeps one such thread, its selector, in
 * {@code epoll_wait} until the client is collected (Java 17 has no {@code HttpClient.close}): every command that spoke
 * HTTP would end 0.3 s after its work. The selectors are interrupted first, which ends their loops, and waited for
 * briefly; the commands' work is over by then, so no exchange is cut.
 */
final class PromptExit {
    private static final java.util.regex.Pattern SELECTOR = java.util.regex.Pattern.compile(
            "HttpClient-\\d+-SelectorManager");

    private PromptExit() {}

    static void exit(int code) {
        stop(httpClientSelectors());
        System.exit(code);
    }

    /**
     * Interrupts these selector threads and waits for each to end (200 ms at most each). Their clients can send nothing
     * afterwards: only for a process about to exit (or a test's own client).
     */
    static void stop(java.util.List<Thread> selectors) {
        for (Thread selector : selectors) {
            selector.interrupt();
            try {
                selector.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static java.util.List<Thread> httpClientSelectors() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        java.util.List<Thread> selectors = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (threads[i].isDaemon() && SELECTOR.matcher(threads[i].getName()).matches()) {
                selectors.add(threads[i]);
            }
        }
        return selectors;
    }
}
