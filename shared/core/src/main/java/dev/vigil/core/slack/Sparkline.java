package dev.vigil.core.slack;

import java.util.List;

/** Eight-level Unicode sparkline (▁▂▃▄▅▆▇█), scaled between the series' own min and max. */
public final class Sparkline {

    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    public static String of(List<Double> values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Double v : values) {
            if (v != null && Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        StringBuilder b = new StringBuilder(values.size());
        for (Double v : values) {
            if (v == null || !Double.isFinite(v)) {
                b.append(' ');
            } else if (max == min) {
                b.append(BARS[3]);
            } else {
                int i = (int) Math.round((v - min) / (max - min) * (BARS.length - 1));
                b.append(BARS[i]);
            }
        }
        return b.toString();
    }
}
