package dev.vigil.it.support;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The AWS API emulator for every test that needs an AWS API other than DynamoDB (DESIGN.md, "real engines, not
 * mocks"): LocalStack through Testcontainers when a Docker engine is present, otherwise {@code moto_server} on a
 * loopback port. One instance per test JVM.
 *
 * <p>With neither, tests that use it are skipped with the reason. CI runs with {@code -Dvigil.requireEmulator=true},
 * which turns that skip into a failure, so a CI machine without an emulator cannot pass silently.
 *
 * <p>Use as {@code @ExtendWith(AwsEmulator.class)} and read {@link #endpoint()}.
 */
public final class AwsEmulator implements BeforeAllCallback {

    private static volatile URI endpoint;
    private static volatile String kind;
    private static volatile String unavailable;

    public static URI endpoint() {
        return endpoint;
    }

    public static String kind() {
        return kind;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureStarted();
        if (endpoint == null) {
            if (Boolean.getBoolean("vigil.requireEmulator")) {
                throw new IllegalStateException("an AWS emulator is required (vigil.requireEmulator=true) but "
                        + unavailable);
            }
            Assumptions.abort("skipped: " + unavailable);
        }
    }

    private static synchronized void ensureStarted() {
        if (endpoint != null || unavailable != null) {
            return;
        }
        if (dockerAvailable()) {
            LocalStackContainer ls = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"));
            ls.start();
            Runtime.getRuntime().addShutdownHook(new Thread(ls::stop));
            endpoint = ls.getEndpoint();
            kind = "localstack";
            return;
        }
        Path moto = findOnPath("moto_server");
        if (moto == null) {
            unavailable = "no Docker engine for LocalStack and no moto_server on PATH (pip install \"moto[server]\")";
            return;
        }
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-server", ".log");
            Process p = new ProcessBuilder(moto.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> p.destroy()));
            URI uri = URI.create("http://127.0.0.1:" + port);
            waitUntilUp(uri, p, log, Duration.ofSeconds(30));
            endpoint = uri;
            kind = "moto_server";
        } catch (IOException e) {
            unavailable = "moto_server failed to start: " + e.getMessage();
        }
    }

    private static boolean dockerAvailable() {
        if (System.getenv("DOCKER_HOST") == null && !new File("/var/run/docker.sock").exists()) {
            return false;   // skip Testcontainers' slow probing when there is clearly no engine
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Path findOnPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitUntilUp(URI uri, Process p, Path log, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("exited early: " + String.join(" | ", tail(log)));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // keep waiting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        p.destroy();
        throw new IOException("not up after " + timeout.toSeconds() + " s: " + String.join(" | ", tail(log)));
    }

    private static List<String> tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 5), lines.size());
        } catch (IOException e) {
            return List.of();
        }
    }
}
