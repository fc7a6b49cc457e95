// The JUnit 5 side of Assay's unit-test harness (graders/harness/fw_junit.py runs it; the supervisor
// reads what it writes to descriptor 3). Compiled in the sandbox against Debian's JUnit Platform
// console standalone jar; its classes, the suite's and JUnit's have every permission, the candidate's
// classes none (a SecurityManager installed before any test class is loaded).
//
//     java ... AssayJUnitRunner discover|run TIMEOUT_S PATH=CLASS... -- [SELECTOR...]
//
// discover: one {"e":"test","id":...,"selector":...} line per test method of the suite's classes.
// run: {"e":"start","id":...} and {"e":"end","id":...,"status":...} per test method (parameterized
// and dynamic tests are one unit: it passes if every invocation passes), then halts the JVM.

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

public final class AssayJUnitRunner {
    private static final int KEEP = 64 * 1024;
    private static final int MESSAGE = 6000;

    private AssayJUnitRunner() {}

    /**
     * The JDK grants exitVM to all code on the application class path whatever the policy says:
     * here only the runner itself may end the JVM (System.exit and Runtime.halt both ask checkExit).
     */
    private static final class Guard extends SecurityManager {
        private volatile boolean leaving;

        @Override
        public void checkExit(int status) {
            if (!leaving) {
                throw new SecurityException("exiting the JVM is not allowed in unit tests");
            }
        }

        void leave(int status) {
            leaving = true;
            Runtime.getRuntime().halt(status);
        }
    }

    /** Bytes a test printed (the candidate's System.out and System.err), the first KEEP of them. */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private long total;

        @Override
        public synchronized void write(int b) {
            total++;
            if (buffer.size() < KEEP) {
                buffer.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] data, int off, int len) {
            total += len;
            int room = KEEP - buffer.size();
            if (room > 0) {
                buffer.write(data, off, Math.min(room, len));
            }
        }

        synchronized String take() {
            String text = buffer.toString(StandardCharsets.UTF_8);
            if (total > buffer.size()) {
                text += "\n[... " + (total - buffer.size()) + " more bytes]";
            }
            buffer.reset();
            total = 0;
            return text;
        }
    }

    private static final class Report {
        private final OutputStream out;

        Report(OutputStream out) {
            this.out = out;
        }

        synchronized void write(Map<String, String> fields) {
            StringBuilder line = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, String> field : fields.entrySet()) {
                if (!first) {
                    line.append(',');
                }
                first = false;
                line.append(quote(field.getKey())).append(':').append(quote(field.getValue()));
            }
            line.append("}\n");
            try {
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException("the report channel is closed", e);
            }
        }
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The node id of a test method: PATH::method, PATH::Nested.method for a nested class. */
    static String nodeId(MethodSource source, Map<String, String> files) {
        String className = source.getClassName();
        int dollar = className.indexOf('$');
        String top = dollar < 0 ? className : className.substring(0, dollar);
        String path = files.get(top);
        if (path == null) {
            return null;
        }
        String nested = dollar < 0 ? "" : className.substring(dollar + 1).replace('$', '.') + ".";
        return path + "::" + nested + source.getMethodName();
    }

    static String selector(MethodSource source) {
        return source.getClassName() + "#" + source.getMethodName() + "(" + source.getMethodParameterTypes() + ")";
    }

    /** The method-level unit of a test node: itself, or the method whose invocation it is. */
    static Optional<TestIdentifier> unit(TestPlan plan, TestIdentifier id) {
        TestIdentifier found = null;
        TestIdentifier at = id;
        while (at != null) {
            Optional<TestSource> source = at.getSource();
            if (source.isPresent() && source.get() instanceof MethodSource) {
                found = at;
            }
            at = plan.getParent(at).orElse(null);
        }
        return Optional.ofNullable(found);
    }

    static String trace(Throwable error) {
        try {
            StringWriter text = new StringWriter();
            error.printStackTrace(new PrintWriter(text));
            String all = text.toString();
            StringBuilder kept = new StringBuilder();
            for (String line : all.split("\n")) {
                String stripped = line.trim();
                if (stripped.startsWith("at org.junit.") || stripped.startsWith("at java.base/jdk.internal.")
                        || stripped.startsWith("at java.base/java.lang.reflect.")
                        || stripped.startsWith("at java.base/java.util.") || stripped.startsWith("at AssayJUnitRunner")) {
                    continue;
                }
                kept.append(line).append('\n');
                if (kept.length() > MESSAGE) {
                    break;
                }
            }
            return kept.toString();
        } catch (Throwable t) {
            return "(the exception could not be printed: " + t.getClass().getName() + ")";
        }
    }

    static String kind(Throwable error) {
        if (error == null) {
            return "error";
        }
        if (error instanceof OutOfMemoryError) {
            return "memory";
        }
        if (error instanceof java.util.concurrent.TimeoutException
                || error.getClass().getName().endsWith("TimeoutException")) {
            return "timeout";
        }
        if (error instanceof AssertionError) {
            return "assertion";
        }
        return "candidate_error";
    }

    public static void main(String[] args) throws Exception {
        OutputStream channel = new FileOutputStream("/proc/self/fd/3");
        Report report = new Report(channel);
        Capture out = new Capture();
        Capture err = new Capture();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        String mode = args[0];
        String timeout = args[1];
        Map<String, String> files = new HashMap<>();
        List<DiscoverySelector> selectors = new ArrayList<>();
        boolean selecting = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--")) {
                selecting = true;
            } else if (selecting) {
                selectors.add(DiscoverySelectors.selectMethod(args[i]));
            } else {
                int eq = args[i].indexOf('=');
                files.put(args[i].substring(eq + 1), args[i].substring(0, eq));
            }
        }
        if (selectors.isEmpty()) {
            for (String className : files.keySet()) {
                selectors.add(DiscoverySelectors.selectClass(className));
            }
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter("junit.jupiter.execution.timeout.default", timeout + " s")
                .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .build();
        Launcher launcher = LauncherFactory.create();
        // From here on the candidate's classes may be loaded: they get no permission (policy file).
        Guard guard = new Guard();
        System.setSecurityManager(guard);
        if (mode.equals("discover")) {
            TestPlan plan = launcher.discover(request);
            Set<String> seen = new HashSet<>();
            for (TestIdentifier root : plan.getRoots()) {
                for (TestIdentifier id : plan.getDescendants(root)) {
                    Optional<TestSource> source = id.getSource();
                    if (source.isEmpty() || !(source.get() instanceof MethodSource)) {
                        continue;
                    }
                    if (unit(plan, id).orElse(null) != id) {
                        continue;
                    }
                    String node = nodeId((MethodSource) source.get(), files);
                    if (node != null && seen.add(node)) {
                        report.write(Map.of("e", "test", "id", node, "selector", selector((MethodSource) source.get())));
                    }
                }
            }
            channel.flush();
            guard.leave(0);
        }
        Map<String, Throwable> failures = new HashMap<>();
        Map<String, String> failureStatus = new HashMap<>();
        Set<String> finished = new HashSet<>();
        TestPlan[] current = new TestPlan[1];
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void testPlanExecutionStarted(TestPlan plan) {
                current[0] = plan;
            }

            private String node(TestIdentifier id) {
                Optional<TestSource> source = id.getSource();
                if (source.isEmpty() || !(source.get() instanceof MethodSource)) {
                    return null;
                }
                return nodeId((MethodSource) source.get(), files);
            }

            private boolean isUnit(TestIdentifier id) {
                return current[0] != null && unit(current[0], id).orElse(null) == id;
            }

            @Override
            public void executionStarted(TestIdentifier id) {
                String node = node(id);
                if (node != null && isUnit(id)) {
                    out.take();
                    err.take();
                    report.write(Map.of("e", "start", "id", node));
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                String node = node(id);
                if (node != null && isUnit(id)) {
                    report.write(Map.of("e", "start", "id", node));
                    report.write(Map.of("e", "end", "id", node, "status", "SKIPPED",
                                        "message", reason == null ? "" : reason));
                } else if (node == null && current[0] != null) {
                    for (TestIdentifier child : current[0].getDescendants(id)) {
                        String childNode = node(child);
                        if (childNode != null && isUnit(child)) {
                            report.write(Map.of("e", "start", "id", childNode));
                            report.write(Map.of("e", "end", "id", childNode, "status", "SKIPPED",
                                                "message", reason == null ? "" : reason));
                        }
                    }
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                Throwable error = result.getThrowable().orElse(null);
                String status = result.getStatus().name();
                TestIdentifier unit = current[0] == null ? null : unit(current[0], id).orElse(null);
                String unitNode = unit == null ? null : node(unit);
                if (unit == null) {
                    // a class (container) that failed: its tests that never started fail with it
                    if (!status.equals("SUCCESSFUL") && current[0] != null) {
                        for (TestIdentifier child : current[0].getDescendants(id)) {
                            String childNode = node(child);
                            if (childNode != null && isUnit(child) && !finished.contains(childNode)) {
                                finished.add(childNode);
                                report.write(Map.of("e", "start", "id", childNode));
                                report.write(end(childNode, "FAILED", error, out, err));
                            }
                        }
                    }
                    return;
                }
                if (unitNode == null) {
                    return;
                }
                if (unit != id) {  // an invocation of a parameterized or dynamic test: its unit remembers
                    if (!status.equals("SUCCESSFUL") && !failures.containsKey(unitNode)) {
                        failures.put(unitNode, error);
                        failureStatus.put(unitNode, status);
                    }
                    return;
                }
                finished.add(unitNode);
                if (status.equals("SUCCESSFUL") && failureStatus.containsKey(unitNode)) {
                    status = failureStatus.get(unitNode);
                    error = failures.get(unitNode);
                }
                report.write(end(unitNode, status, error, out, err));
            }
        });
        channel.flush();
        guard.leave(0);
    }

    static Map<String, String> end(String node, String status, Throwable error, Capture out, Capture err) {
        Map<String, String> fields = new HashMap<>();
        fields.put("e", "end");
        fields.put("id", node);
        fields.put("status", status);
        fields.put("kind", status.equals("ABORTED") ? "error" : kind(error));
        String message = "";
        String shortText = "";
        if (error != null) {
            message = trace(error);
            try {
                shortText = String.valueOf(error);
            } catch (Throwable t) {
                shortText = error.getClass().getName();
            }
        }
        fields.put("message", message.length() > MESSAGE ? message.substring(0, MESSAGE) : message);
        fields.put("short", shortText.length() > 1500 ? shortText.substring(0, 1500) : shortText);
        fields.put("stdout", out.take());
        fields.put("stderr", err.take());
        return fields;
    }
}
