package dev.vigil.core.incident;

/** What the incident function receives, parsed from the bus ({@link BusEvents}): a closed set. */
public sealed interface Input {

    long at();

    /**
     * An anomaly, cost anomaly or SLO burn alert.
     *
     * @param source the EventBridge source it came from: part of the dedupe key, so an id sent from one source can
     *               never make another source's signal a duplicate
     */
    record SignalInput(Signal signal, String source) implements Input {
        /** A signal from the source Vigil itself publishes its kind under (the CLI's replays). */
        public SignalInput(Signal signal) {
            this(signal, switch (signal.kind()) {
                case METRIC -> "vigil.metric-stream";
                case COST -> "vigil.billing";
                case SLO -> "vigil.slo";
            });
        }

        @Override
        public long at() {
            return signal.timestamp();
        }

        /** What the engine remembers to drop redeliveries. */
        public String dedupeKey() {
            return source + "/" + signal.id();
        }
    }

    /** A deploy or config change. */
    record ChangeInput(Change change) implements Input {
        @Override
        public long at() {
            return change.at();
        }
    }

    /** The periodic schedule: resolves incidents that went quiet even when no signal arrives. */
    record Tick(long at) implements Input {
    }

    /** A remediation execution finished (Step Functions status change). */
    record RemediationOutcome(String executionName, String status, long at) implements Input {
        public boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }
    }

    /** Configuration drift detected (CloudFormation drift detection, AWS Config). */
    record Drift(String id, String resource, String summary, long at) implements Input {
    }

    /** An SLO stopped burning ({@code level: none}): informational, counted, never an incident. */
    record SloCleared(String id, String slo, long at) implements Input {
    }

    /** Understood but nothing to do (e.g. a deployment event without a resource); counted with its reason. */
    record Ignored(String reason, long at) implements Input {
    }
}
