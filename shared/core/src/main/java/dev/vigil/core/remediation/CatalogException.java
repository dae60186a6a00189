package dev.vigil.core.remediation;

import java.util.List;

/** The runbook catalog is invalid; {@link #problems()} lists every problem found, each with where it is. */
public class CatalogException extends RuntimeException {
    private final List<String> problems;

    public CatalogException(List<String> problems) {
        super("invalid runbook catalog:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
