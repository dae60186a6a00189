package dev.vigil.core.remediation.fakes;

import dev.vigil.core.remediation.StepCallbacks;
import java.util.ArrayList;
import java.util.List;

/** Records SendTaskSuccess/Failure/Heartbeat; {@link #gone} makes the token invalid (the task stopped waiting). */
public final class RecordingCallbacks implements StepCallbacks {

    public record Call(String kind, String token, String output, String error, String cause) {
    }

    public final List<Call> calls = new ArrayList<>();
    public boolean gone;

    @Override
    public synchronized void success(String taskToken, String outputJson) {
        check();
        calls.add(new Call("success", taskToken, outputJson, null, null));
    }

    @Override
    public synchronized void failure(String taskToken, String error, String cause) {
        check();
        calls.add(new Call("failure", taskToken, null, error, cause));
    }

    @Override
    public synchronized void heartbeat(String taskToken) {
        check();
        calls.add(new Call("heartbeat", taskToken, null, null, null));
    }

    private void check() {
        if (gone) {
            throw new TaskGoneException("TaskTimedOut (injected)", null);
        }
    }
}
