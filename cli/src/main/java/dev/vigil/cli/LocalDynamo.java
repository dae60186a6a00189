package dev.vigil.cli;

import dev.vigil.aws.dynamo.BaselineTable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * DynamoDB Local, embedded in this JVM (no port is opened: the server mode would listen on every interface).
 * In-memory by default; the real DynamoDB engine semantics (conditions, capacity accounting) without AWS.
 */
public final class LocalDynamo implements AutoCloseable {

    public static final String BASELINE_TABLE = "vigil-baselines";

    /** Held so the level sticks: sqlite4java warns about its jar version on every start, which says nothing here. */
    private static final java.util.logging.Logger SQLITE_LOG = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;

    private LocalDynamo(AmazonDynamoDBLocal local) {
        this.local = local;
        this.client = local.dynamoDbClient();
    }

    /** Starts an in-memory DynamoDB Local and creates the Baselines table. */
    public static LocalDynamo start() {
        prepareEnvironment();
        // create(true): telemetry disabled (the same as DDB_LOCAL_TELEMETRY=0).
        LocalDynamo d = new LocalDynamo(DynamoDBEmbedded.create(true));
        BaselineTable.createIfMissing(d.client, BASELINE_TABLE);
        return d;
    }

    /** DynamoDB Local needs a writable sqlite tmpdir. */
    static void prepareEnvironment() {
        SQLITE_LOG.setLevel(java.util.logging.Level.SEVERE);
        String tmp = System.getProperty("org.sqlite.tmpdir");
        if (tmp == null || !new File(tmp).isDirectory()) {
            try {
                Path dir = Files.createTempDirectory("vigil-sqlite");
                dir.toFile().deleteOnExit();
                System.setProperty("org.sqlite.tmpdir", dir.toString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create a tmpdir for DynamoDB Local: " + e.getMessage(), e);
            }
        }
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        local.shutdown();
    }
}
