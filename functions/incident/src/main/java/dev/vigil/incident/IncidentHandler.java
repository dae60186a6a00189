package dev.vigil.incident;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.vigil.core.incident.IncidentProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The incident function: SQS batches of EventBridge events (anomalies, cost anomalies, SLO burns, changes,
 * remediation outcomes, ticks) in, incidents out. Runs one batch at a time without reserved concurrency: the queue is
 * FIFO with one message group, so Lambda never has two of its batches in flight. Correlation is a sequential fold
 * over the event stream, and one writer makes every batch a single conditional transaction.
 *
 * <p>Partial batch responses ({@code ReportBatchItemFailures}): a message that is not an EventBridge event is
 * acknowledged and logged, never handed back (it would hold up the FIFO group); a failure to commit fails the batch,
 * which SQS redelivers in order (the signal ids remembered in the state make that harmless).
 */
public class IncidentHandler implements RequestStreamHandler {

    private final Wiring wiring;

    public IncidentHandler() {
        this(Wiring.fromEnvironment());
    }

    public IncidentHandler(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<IncidentProcessor.Message> messages = SqsCodec.read(input);
        IncidentProcessor.Outcome outcome = wiring.processor().process(messages);
        SqsCodec.write(outcome.failedMessageIds(), output);
    }

    /** Raw event bytes in, raw response bytes out: the wire path, for tests and the CLI. */
    public byte[] handleBytes(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handleRequest(new ByteArrayInputStream(event), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
