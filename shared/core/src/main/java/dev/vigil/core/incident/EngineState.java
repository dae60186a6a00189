package dev.vigil.core.incident;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the engine carries from one batch to the next besides the incidents: the open incident ids, each channel's
 * recent posts (the rate limit), and the ids of the last signals processed (a redelivered SQS message is dropped).
 * Saved in one item, conditionally on its version, in the same transaction as the incidents it changed.
 */
public final class EngineState {

    /** Signal ids remembered; more than enough to cover a redelivered batch (SQS batches are at most 100). */
    public static final int RECENT_IDS = 1000;

    public long version;
    public final List<String> openIds = new ArrayList<>();
    /** channel → post times (epoch ms), oldest first. */
    public final Map<String, ArrayDeque<Long>> channelPosts = new LinkedHashMap<>();
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private final Set<String> recentSet = new HashSet<>();

    /** Remembers an id; false if it was already there (a duplicate delivery). */
    public boolean remember(String id) {
        if (!recentSet.add(id)) {
            return false;
        }
        recent.addLast(id);
        while (recent.size() > RECENT_IDS) {
            recentSet.remove(recent.removeFirst());
        }
        return true;
    }

    public List<String> recentIds() {
        return List.copyOf(recent);
    }

    public void restoreRecent(List<String> ids) {
        for (String id : ids) {
            remember(id);
        }
    }
}
