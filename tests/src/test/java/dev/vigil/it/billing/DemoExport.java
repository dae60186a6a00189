package dev.vigil.it.billing;

import dev.vigil.core.cost.read.CostAggregate;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportManifest;
import dev.vigil.core.cost.read.ExportReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The bundled, generated demo export (events/billing/billing-demo): its files, keys and manifests. */
final class DemoExport {

    static final String BUCKET = "vigil-demo-billing";

    private DemoExport() {
    }

    static Path root() {
        String r = System.getProperty("vigil.projectRoot");
        Path p = (r != null ? Path.of(r) : Path.of("..")).resolve("events/billing/billing-demo");
        return Files.isDirectory(p) ? p : Path.of("../events/billing/billing-demo");
    }

    /** Every file, as (S3 key, path). */
    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static String key(Path file) {
        return root().relativize(file).toString().replace('\\', '/');
    }

    static List<Path> manifests() throws IOException {
        return files().stream().filter(f -> ExportManifest.isManifestKey(f.getFileName().toString())).toList();
    }

    /** One period's delivery read locally: its manifest and aggregate. */
    record Delivery(ExportManifest manifest, CostAggregate aggregate) {
    }

    static List<Delivery> readLocally(CostAggregator.Options options) throws IOException {
        List<Delivery> out = new ArrayList<>();
        ExportReader reader = new ExportReader(null);
        for (Path m : manifests()) {
            ExportManifest em = ExportManifest.parse(Files.readString(m), BUCKET, key(m));
            CostAggregator agg = new CostAggregator(options);
            for (String k : em.dataKeys()) {
                reader.readFile(root().resolve(k), agg, em.schema().format(), CsvExportReader.Progress.NONE);
            }
            out.add(new Delivery(em, agg.result()));
        }
        return out;
    }
}
