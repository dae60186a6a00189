package dev.vigil.core.cost.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A billing export's manifest: which data files make up one delivery (an "assembly"), for which billing period,
 * and, through its column list, which dialect they are in.
 *
 * <ul>
 *   <li>Legacy CUR: {@code <prefix>/<report>/yyyymmdd-yyyymmdd/[assemblyId/]<report>-Manifest.json} with
 *       {@code assemblyId}, {@code reportKeys}, {@code billingPeriod{start,end}},
 *       {@code columns[{category,name}]}.</li>
 *   <li>AWS Data Exports (CUR 2.0, FOCUS): {@code <prefix>/<export>/metadata/BILLING_PERIOD=YYYY-MM/…-Manifest.json}
 *       with {@code executionId}, {@code dataFiles} (s3:// URIs) and {@code columns[{name,type}]}; the data lives
 *       under {@code …/data/BILLING_PERIOD=YYYY-MM/}.</li>
 * </ul>
 *
 * @param exportId   stable name of the export: {@code bucket/prefix/name}, the key of its aggregates
 * @param period     billing period, {@code YYYY-MM}
 * @param assemblyId which delivery this is; with the manifest's time, orders rewrites
 * @param dataKeys   object keys of the data files, in the manifest's bucket
 * @param schema     dialect from the manifest's columns, or null when it lists none (then the header decides)
 */
public record ExportManifest(String bucket, String key, String exportId, String period, String assemblyId,
                             List<String> dataKeys, ExportSchema schema) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern DATA_EXPORTS_PERIOD = Pattern.compile("BILLING_PERIOD=(\\d{4}-\\d{2})");
    private static final Pattern LEGACY_PERIOD = Pattern.compile("/(\\d{4})(\\d{2})01-\\d{8}/");

    /** Whether an object key names a manifest (what the S3 notification filters on). */
    public static boolean isManifestKey(String key) {
        return key.endsWith("-Manifest.json") || key.endsWith("/Manifest.json") || key.equals("Manifest.json");
    }

    public static ExportManifest parse(String json, String bucket, String key) {
        String assemblyId = null;
        String period = null;
        String manifestBucket = null;
        List<String> files = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        boolean sawFiles = false;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotABillingExportException(key + " is not a billing export manifest: not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "assemblyId", "executionId" -> {
                        if (t == JsonToken.VALUE_STRING && assemblyId == null) {
                            assemblyId = p.getText();
                        }
                    }
                    case "bucket" -> manifestBucket = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "reportKeys", "dataFiles" -> {
                        sawFiles = true;
                        if (t == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                if (p.currentToken() == JsonToken.VALUE_STRING) {
                                    files.add(p.getText());
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    }
                    case "billingPeriod" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            period = normalisePeriod(p.getText());
                        } else if (t == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String n = p.currentName();
                                p.nextToken();
                                if (n.equals("start") && p.currentToken() == JsonToken.VALUE_STRING) {
                                    period = normalisePeriod(p.getText());
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "columns" -> {
                        if (t == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                String category = null;
                                String name = null;
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String n = p.currentName();
                                    p.nextToken();
                                    if (n.equals("category")) {
                                        category = p.getValueAsString();
                                    } else if (n.equals("name")) {
                                        name = p.getValueAsString();
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                                if (name != null) {
                                    columns.add(category != null ? category + "/" + name : name);
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new NotABillingExportException(key + " is not a billing export manifest: " + e.getMessage());
        }
        if (!sawFiles) {
            throw new NotABillingExportException(key + " is not a billing export manifest: it has neither reportKeys "
                    + "(legacy CUR) nor dataFiles (AWS Data Exports)");
        }
        if (period == null) {
            period = periodFromKey(key);
        }
        if (period == null) {
            throw new NotABillingExportException(key + ": cannot tell the billing period (no billingPeriod in the "
                    + "manifest, no BILLING_PERIOD= or yyyymmdd-yyyymmdd in its key)");
        }
        String b = bucket != null ? bucket : manifestBucket;
        List<String> keys = new ArrayList<>(files.size());
        for (String file : files) {
            keys.add(stripS3Uri(file));
        }
        ExportSchema schema = columns.isEmpty() ? null : ExportSchema.detect(columns, key);
        if (assemblyId == null) {
            assemblyId = "unversioned";
        }
        return new ExportManifest(b, key, exportId(b, key), period, assemblyId, List.copyOf(keys), schema);
    }

    /** {@code s3://bucket/a/b.csv.gz} → {@code a/b.csv.gz}; plain keys unchanged. */
    static String stripS3Uri(String file) {
        if (file.startsWith("s3://")) {
            int slash = file.indexOf('/', 5);
            return slash < 0 ? "" : file.substring(slash + 1);
        }
        return file;
    }

    /** 2024-09, 2024-09-01T…, 20240901T000000.000Z → 2024-09. */
    static String normalisePeriod(String s) {
        String t = s.trim();
        if (t.matches("\\d{4}-\\d{2}.*")) {
            return t.substring(0, 7);
        }
        if (t.matches("\\d{8}.*")) {
            return t.substring(0, 4) + "-" + t.substring(4, 6);
        }
        return null;
    }

    static String periodFromKey(String key) {
        Matcher m = DATA_EXPORTS_PERIOD.matcher(key);
        if (m.find()) {
            return m.group(1);
        }
        m = LEGACY_PERIOD.matcher("/" + key);
        if (m.find()) {
            return m.group(1) + "-" + m.group(2);
        }
        return null;
    }

    /** bucket + the key up to the export's name: the part that stays the same across periods and deliveries. */
    static String exportId(String bucket, String key) {
        String k = key;
        int meta = k.indexOf("/metadata/");
        if (meta >= 0) {
            k = k.substring(0, meta);
        } else {
            Matcher m = Pattern.compile("/\\d{8}-\\d{8}/").matcher(k);
            if (m.find()) {
                k = k.substring(0, m.start());
            } else {
                int slash = k.lastIndexOf('/');
                k = slash < 0 ? "" : k.substring(0, slash);
            }
        }
        return (bucket == null ? "" : bucket) + "/" + k;
    }
}
