package io.github.sdwatchdog.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A java command's class path as {@code check --classpath} takes it: entries made absolute, {@code dir/*} expanded to its jars. */
final class ClassPathEntries {
    /** The class path, or empty if an entry does not exist (the unit's files are elsewhere, or it is wrong). */
    static Optional<String> resolve(String classPath, String workingDirectory) {
        Path base = Paths.get(workingDirectory.isEmpty() ? "/" : workingDirectory);
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(":")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*") || entry.endsWith("/*")) {
                Path directory = base.resolve(entry.substring(0, entry.length() - 1));
                try (Stream<Path> files = Files.list(directory)) {
                    entries.addAll(files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                            .map(Path::toString).sorted().collect(Collectors.toList()));
                } catch (IOException e) {
                    return Optional.empty();
                }
                continue;
            }
            Path path = base.resolve(entry);
            if (!Files.exists(path)) {
                return Optional.empty();
            }
            entries.add(path.toString());
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(String.join(":", entries));
    }

    private ClassPathEntries() {
    }
}
