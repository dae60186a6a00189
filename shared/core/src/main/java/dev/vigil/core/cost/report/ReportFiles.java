package dev.vigil.core.cost.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The report's files, by name, as bytes: the CLI writes them to a directory, the functions to the reports bucket. */
public final class ReportFiles {

    public static final String ANOMALIES_JSON = "anomalies.json";
    public static final String ANOMALIES_CSV = "anomalies.csv";
    public static final String DAILY_COSTS_CSV = "daily_costs.csv";
    public static final String REPORT_HTML = "report.html";

    private ReportFiles() {
    }

    public static Map<String, byte[]> render(CostReport r) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ANOMALIES_JSON, AnomaliesJson.array(r.detection().anomalies(), r.input().currency())
                .getBytes(StandardCharsets.UTF_8));
        try {
            StringWriter a = new StringWriter();
            CostCsv.anomalies(r.detection().anomalies(), a);
            files.put(ANOMALIES_CSV, a.toString().getBytes(StandardCharsets.UTF_8));
            StringWriter d = new StringWriter();
            CostCsv.dailyCosts(r.facts(), d);
            files.put(DAILY_COSTS_CSV, d.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put(REPORT_HTML, HtmlReport.render(r).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    public static String contentType(String name) {
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
