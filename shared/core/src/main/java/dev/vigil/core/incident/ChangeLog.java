package dev.vigil.core.incident;

import java.util.Collection;
import java.util.List;

/** Recent deploys and config changes, by resource (the Incidents table in AWS). */
@FunctionalInterface
public interface ChangeLog {

    /** Changes on any of these scoped resources that started in {@code [from, to]}. */
    List<Change> changes(Collection<String> resources, long from, long to);

    static ChangeLog none() {
        return (r, f, t) -> List.of();
    }
}
