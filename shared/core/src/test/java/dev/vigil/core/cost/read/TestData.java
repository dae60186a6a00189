package dev.vigil.core.cost.read;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the bundled samples are: {@code events/billing} of this repository (never shared/ at test time). */
public final class TestData {
    private TestData() {
    }

    public static Path billing(String relative) {
        String root = System.getProperty("vigil.projectRoot");
        Path base = root != null ? Path.of(root) : Path.of("../..");
        Path p = base.resolve("events/billing").resolve(relative);
        if (!Files.exists(p)) {
            p = Path.of("../../events/billing").resolve(relative);
        }
        return p;
    }
}
