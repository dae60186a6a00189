package dev.vigil.core.slo;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where SLO error-budget states live (DynamoDB in AWS and in tests: {@code DynamoSloStore}). */
public interface SloStore {

    /** The stored states of these SLOs (absent ones are missing from the map). */
    Map<String, SloState> loadAll(Collection<SloDefinition> slos);

    /**
     * Saves each state if nobody saved it since it was read: {@link SloState#version()} is the new version, and the
     * stored one must be {@code version - 1} (or absent for version 1).
     *
     * @return the names that were saved by someone else in between (conflicts)
     */
    Set<String> saveAll(List<SloState> states);
}
