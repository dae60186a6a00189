package dev.vigil.cli;

import java.io.PrintStream;
import java.util.Set;

/** The {@code vigil} command: runs the real handlers on local files, against an embedded DynamoDB Local. */
public final class Vigil {

    static final String USAGE = """
            usage: vigil <command> [options]

              detect  --input series.csv [--config FILE] [--stats] [--explain]
                      score one series online; NAB-style CSV on stdout (timestamp,value,anomaly_score,alert)
              replay  --input PATH... [--out DIR] [--stats] [--store dynamodb|memory|none] [--verbose]
                      [--format auto|json|opentelemetry1.0] [--min-severity low|medium|high|critical]
                      metric stream NDJSON or Firehose events through the metric-stream handler and DynamoDB Local
                      (--store memory: baselines in memory; none: parse only; --verbose: handler logs on stderr;
                      --format: the records' stream format, told apart per record by default)
              demo    [--out DIR]
                      the whole pipeline on the bundled events/ samples
              synth   [--series N] [--minutes M] [--seed S] [--out FILE]
                      a seeded Metric Streams NDJSON for load tests (default 2000 series x 300 minutes)
              audit   --incident ID (--table NAME | --file FILE) [--json]
                      an incident's remediation audit trail (the deployed Audit table, or vigil demo's audit.ndjson)
              cost-report --input PATH... --out DIR [--metric amortized|unblended] [--as-of YYYY-MM-DD]
                      [--min-impact USD] [--min-percent P] [--thresholds SCOPE=USD/P;...] [--tag-keys k1,k2]
                      [--mark-expected ID...] [--feedback FILE] [--progress|--no-progress] [--quiet]
                      billing exports (CUR, CUR 2.0, FOCUS; CSV, CSV.gz, Parquet; files, directories, manifests)
                      to anomalies.json, anomalies.csv, daily_costs.csv and report.html
              cost-now --input PATH... --out DIR [--prices DIR] [--as-of ISO] [--min-impact USD] [--min-percent P]
                      [--thresholds SCOPE=USD/P;...] [--slack-channel NAME] [--quiet]
                      provisional cost anomalies within the hour: CloudTrail events (priced with the AWS Price List,
                      or saved GetProducts responses in --prices) and EstimatedCharges metric stream lines, reconciled
                      against billing exports among the inputs; writes provisional.json and slack.ndjson
              scorecard [--input anomalies.ndjson... [--config FILE]] [--days D] [--services N] [--outages K]
                      [--noise PER_HOUR] [--seed S] [--no-topology] [--out DIR]
                      anomalies through the incident function on DynamoDB Local, then the AIOps scorecard; without
                      --input, a simulated week of multi-service outages with its noise reduction
              canary  --input FILE... --function NAME --baseline VERSION --canary VERSION --out DIR [--alias NAME]
                      [--config FILE] | --simulate KIND [--seed S] --out DIR
                      judge a Lambda canary version against the old one on Metric Streams NDJSON: verdict.json,
                      report.html; exit 0 pass, 3 marginal, 4 fail (KIND: healthy, error_regression, latency_p99, ...)
            """;

    /** The single-valued options of cost-report (its switches are CostReportCommand.SWITCHES). */
    static final Set<String> COST_REPORT_SINGLE = Set.of("--out", "--metric", "--as-of", "--min-impact",
            "--min-percent", "--z", "--thresholds", "--tag-keys", "--feedback", "--name");

    private Vigil() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("-h") || argv[0].equals("--help") || argv[0].equals("help")) {
            out.print(USAGE);
            return argv.length == 0 ? 2 : 0;
        }
        try {
            return switch (argv[0]) {
                case "detect" -> DetectCommand.run(new Args(argv, 1, Set.of("--stats", "--explain"),
                        Set.of("--input", "--config")), out, err);
                case "replay" -> ReplayCommand.run(new Args(argv, 1, Set.of("--stats", "--verbose"),
                        Set.of("--out", "--store", "--format"), Set.of("--input")), out, err);
                case "demo" -> DemoCommand.run(new Args(argv, 1, Set.of(), Set.of("--out")), out, err);
                case "synth" -> SynthCommand.run(new Args(argv, 1, Set.of(),
                        Set.of("--series", "--minutes", "--seed", "--out")), out);
                case "audit" -> AuditCommand.run(new Args(argv, 1, Set.of("--json"),
                        Set.of("--incident", "--table", "--file")), out, err);
                case "cost-report" -> CostReportCommand.run(new Args(argv, 1, CostReportCommand.SWITCHES,
                        COST_REPORT_SINGLE, Set.of("--input", "--mark-expected")), out, err);
                case "scorecard" -> ScorecardCommand.run(new Args(argv, 1, Set.of("--simulate", "--no-topology"),
                        Set.of("--config", "--days", "--services", "--outages", "--noise", "--seed", "--out"),
                        Set.of("--input")), out, err);
                case "cost-now" -> CostNowCommand.run(new Args(argv, 1, CostNowCommand.SWITCHES,
                        Set.of("--out", "--prices", "--as-of"), Set.of("--input")), out, err);
                case "canary" -> CanaryCommand.run(new Args(argv, 1, Set.of(), Set.of("--function", "--alias",
                        "--baseline", "--canary", "--out", "--config", "--simulate", "--seed"), Set.of("--input")), out, err);
                default -> {
                    err.println("vigil: unknown command '" + argv[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("vigil " + argv[0] + ": " + e.getMessage());
            return 2;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            err.println("vigil " + argv[0] + ": I/O error: " + e.getMessage());
            return 1;
        }
    }
}
