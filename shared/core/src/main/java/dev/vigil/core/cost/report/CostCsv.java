package dev.vigil.core.cost.report;

import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.detect.Contributor;
import dev.vigil.core.cost.detect.CostAnomaly;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code anomalies.csv} and {@code daily_costs.csv}: RFC 4180, one header line. */
public final class CostCsv {

    private CostCsv() {
    }

    public static void anomalies(List<CostAnomaly> anomalies, Writer w) throws IOException {
        w.write("id,date,kind,dimension,key,account,actual_cost,expected_cost,impact,impact_percent,score,severity,"
                + "suppressed,top_contributors\n");
        for (CostAnomaly a : anomalies) {
            StringBuilder top = new StringBuilder();
            for (Contributor c : a.contributors()) {
                if (top.length() > 0) {
                    top.append("; ");
                }
                top.append(c.dimension().code()).append(' ').append(c.key()).append(' ')
                        .append(String.format(Locale.ROOT, "%.2f (%.0f%%)", c.impact(), c.share() * 100));
            }
            row(w, a.id(), a.date().toString(), a.kind().code(), a.scope().dimension().code(), a.scope().key(),
                    a.scope().account() == null ? "" : a.scope().account(), n(a.actualCost()), n(a.expectedCost()),
                    n(a.impact()), Double.isFinite(a.impactPercent()) ? String.format(Locale.ROOT, "%.2f",
                            a.impactPercent()) : "", String.format(Locale.ROOT, "%.3f", a.score()), a.severity(),
                    Boolean.toString(a.suppressed()), top.toString());
        }
    }

    /** Daily cost per account, service, region, usage type and charge category (the DETAIL grain). */
    public static void dailyCosts(List<CostFact> facts, Writer w) throws IOException {
        w.write("date,account,service,region,usage_type,charge_category,cost\n");
        List<CostFact> detail = new ArrayList<>();
        for (CostFact f : facts) {
            if (f.grain() == CostFact.Grain.DETAIL) {
                detail.add(f);
            }
        }
        detail.sort(Comparator.comparingLong(CostFact::epochDay).thenComparing(CostFact::account)
                .thenComparing(CostFact::service).thenComparing(CostFact::a).thenComparing(CostFact::b)
                .thenComparing(CostFact::category));
        for (CostFact f : detail) {
            row(w, f.day().toString(), f.account(), f.service(), f.a(), f.b(), f.category().code(), n(f.cost()));
        }
    }

    private static String n(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "";
    }

    static void row(Writer w, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            String f = fields[i];
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                w.write('"');
                w.write(f.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(f);
            }
        }
        w.write('\n');
    }
}
