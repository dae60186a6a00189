package dev.vigil.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingExportHandlerTest {

    @Test
    void s3NotificationKeysAreUrlDecoded() throws Exception {
        String event = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":"
                + "{\"key\":\"exports/x/metadata/BILLING_PERIOD%3D2024-09/my+export-Manifest.json\",\"size\":3}}}]}";
        List<S3Events.ObjectRef> refs = S3Events.read(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
        assertThat(refs).containsExactly(new S3Events.ObjectRef("b",
                "exports/x/metadata/BILLING_PERIOD=2024-09/my export-Manifest.json"));
    }

    @Test
    void eventBridgeObjectCreatedEventsAreReadToo() throws Exception {
        String event = "{\"version\":\"0\",\"detail-type\":\"Object Created\",\"source\":\"aws.s3\",\"detail\":{"
                + "\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"p/r/20241001-20241101/r-Manifest.json\"}}}";
        assertThat(S3Events.read(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8))))
                .containsExactly(new S3Events.ObjectRef("b", "p/r/20241001-20241101/r-Manifest.json"));
    }

    @Test
    void snapStartPrimingRunsTheHotPathOffline() throws Exception {
        assertThat(SnapStartPriming.prime(5_000)).isEqualTo(5_000);
    }
}
