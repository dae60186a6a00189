package dev.vigil.aws.dynamo;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/** Adds up the capacity units DynamoDB reports (ReturnConsumedCapacity=TOTAL) for stats and cost estimates. */
public final class CapacityMeter {
    private final DoubleAdder read = new DoubleAdder();
    private final DoubleAdder write = new DoubleAdder();

    void addRead(List<ConsumedCapacity> cs) {
        if (cs != null) {
            for (ConsumedCapacity c : cs) {
                addRead(c);
            }
        }
    }

    void addRead(ConsumedCapacity c) {
        if (c != null && c.capacityUnits() != null) {
            read.add(c.capacityUnits());
        }
    }

    void addWrite(ConsumedCapacity c) {
        if (c != null && c.capacityUnits() != null) {
            write.add(c.capacityUnits());
        }
    }

    public double readUnits() {
        return read.sum();
    }

    public double writeUnits() {
        return write.sum();
    }
}
