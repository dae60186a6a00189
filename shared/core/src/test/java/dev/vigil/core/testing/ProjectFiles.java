package dev.vigil.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository (events/, infra/) for tests: never the shared reference data. */
public final class ProjectFiles {
    private ProjectFiles() {
    }

    public static Path root() {
        String prop = System.getProperty("vigil.projectRoot");
        if (prop != null && Files.isDirectory(Path.of(prop, "events")) && Files.isDirectory(Path.of(prop, "infra"))) {
            return Path.of(prop);
        }
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("events")) && Files.isDirectory(p.resolve("infra"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (with events/ and infra/)");
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
