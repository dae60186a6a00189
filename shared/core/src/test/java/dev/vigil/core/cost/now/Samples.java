package dev.vigil.core.cost.now;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.net.URISyntaxException;

/** The test resources under {@code costnow/} (see PROVENANCE.md there). */
final class Samples {

    private Samples() {
    }

    static String cloudtrail(String name) {
        return read("/costnow/cloudtrail/" + name + ".json");
    }

    static String read(String resource) {
        try (InputStream in = Samples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path pricesDir() {
        try {
            return Path.of(Samples.class.getResource("/costnow/prices").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static SavedPriceBook prices() {
        return SavedPriceBook.fromDirectory(pricesDir());
    }
}
