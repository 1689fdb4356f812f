package io.github.sdwatchdog.servers.tomcat;

import io.github.sdwatchdog.servers.AgentCli;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The unpacked Tomcat 10.1 distribution started plainly (Bootstrap start, what catalina.sh run execs), with a
 * CATALINA_BASE of its own: the distribution's conf with the HTTP connector on PORT and no shutdown port, and
 * webapps/ROOT with hang.jsp added. Closing it ends it by its PID: destroy, then destroyForcibly.
 */
final class TomcatProcess implements AutoCloseable {
    static final Path HOME = Paths.get(System.getProperty("catalina.home"));

    final int port;
    final Path base;
    final Path stdout;
    private final Process process;

    private TomcatProcess(int port, Path base, Process process) {
        this.port = port;
        this.base = base;
        this.stdout = base.resolve("logs/stdout.log");
        this.process = process;
    }

    static TomcatProcess start(int port) throws IOException {
        Path base = Paths.get(System.getProperty("test.work"), "catalina-base-" + port);
        prepareBase(base, port);
        ProcessBuilder builder = new ProcessBuilder(AgentCli.JAVA,
                "-cp", HOME.resolve("bin/bootstrap.jar") + ":" + HOME.resolve("bin/tomcat-juli.jar"),
                "-Dcatalina.home=" + HOME, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "org.apache.catalina.startup.Bootstrap", "start")
                .redirectErrorStream(true).redirectOutput(base.resolve("logs/stdout.log").toFile());
        return new TomcatProcess(port, base, builder.start());
    }

    private static void prepareBase(Path base, int port) throws IOException {
        deleteTree(base);
        for (String dir : new String[] {"conf", "logs", "temp", "work", "webapps"}) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(HOME.resolve("conf"))) {
            for (Path file : (Iterable<Path>) conf::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
                }
            }
        }
        Path serverXml = base.resolve("conf/server.xml");
        String xml = new String(Files.readAllBytes(serverXml), StandardCharsets.UTF_8)
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"").replace("port=\"8080\"", "port=\"" + port + "\"");
        Files.write(serverXml, xml.getBytes(StandardCharsets.UTF_8));
        Path root = HOME.resolve("webapps/ROOT");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, base.resolve("webapps/ROOT").resolve(root.relativize(file).toString()));
            }
        }
        Files.copy(Paths.get(System.getProperty("webapp.dir"), "hang.jsp"), base.resolve("webapps/ROOT/hang.jsp"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.sorted((a, b) -> b.compareTo(a))::iterator) {
                    Files.delete(file);
                }
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** HTTP status of a GET of PATH, or -1 if nothing answers yet. */
    int get(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(30000);
            try (InputStream in = connection.getInputStream()) {
                in.readAllBytes();
            }
            return connection.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    String output() throws IOException {
        return Files.exists(stdout) ? new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8) : "";
    }

    /** Polls CONDITION until it holds; fails with Tomcat's output after LIMIT or if Tomcat has ended. */
    void await(String what, Duration limit, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " not within " + limit + (process.isAlive() ? "" : " (Tomcat ended)")
                        + "; Tomcat's output:\n" + String.join("\n", tail(output(), 40)));
            }
            Thread.sleep(100);
        }
    }

    private static List<String> tail(String text, int lines) {
        List<String> all = List.of(text.split("\n"));
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
