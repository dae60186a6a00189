package dev.vigil.core.cost.read;

import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** What reading one or more export files produced: the facts, and figures about the input. */
public record CostAggregate(List<CostFact> facts, long rows, BadRows badRows, Set<String> currencies,
                            List<String> formats, boolean hourly, LocalDate firstDay, LocalDate lastDay,
                            long overflowResourceRows, long overflowTagRows, CostMetric metric) {
}
