package dev.vigil.core.cost.read;

import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.ExportFormat;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Normalises rows of any dialect into cost lines and adds them up, in memory bounded by the number of distinct
 * keys (never by the number of rows):
 *
 * <ul>
 *   <li>DETAIL: day × account × service × region × usage type × charge category</li>
 *   <li>RESOURCE: day × account × service × resource × category (capped at {@code maxResourceKeys}; beyond the
 *       cap, new resources go to {@value #OTHER_RESOURCES}, and the rows are counted)</li>
 *   <li>TAG: day × account × service × tag key × tag value × category (capped likewise)</li>
 *   <li>HOURLY: hour × account × service × category, kept when the export is hourly</li>
 * </ul>
 *
 * Not thread-safe: one aggregator per reading thread.
 */
public final class CostAggregator {

    public static final String OTHER_RESOURCES = "(other resources)";
    public static final String OTHER_TAGS = "(other tags)";
    public static final String GLOBAL_REGION = "global";
    /**
     * The largest amount one line may carry (a trillion in the billing currency; no real line comes close). Above
     * it the row is bad: {@code 1e308} would make its day {@code Infinity}, and a sum of such rows overflows.
     * With every row at most this, a period's sums stay finite (it would take 1e296 rows to overflow).
     */
    static final double MAX_AMOUNT = 1e12;

    private static final String[] HOURS = new String[24];

    static {
        for (int h = 0; h < 24; h++) {
            HOURS[h] = (h < 10 ? "0" : "") + h;
        }
    }

    /** The knobs. */
    public record Options(CostMetric metric, int maxResourceKeys, int maxTagKeys, Set<String> tagKeys) {
        public static Options defaults() {
            return new Options(CostMetric.AMORTIZED, 500_000, 200_000, null);
        }

        public Options withMetric(CostMetric m) {
            return new Options(m, maxResourceKeys, maxTagKeys, tagKeys);
        }
    }

    // How a charge type (CUR line item type or FOCUS ChargeCategory) is categorised and amortised.
    private static final int R_USAGE = 0, R_SP_COVERED = 1, R_SP_RECURRING = 2, R_SP_NEGATION = 3,
            R_SP_UPFRONT = 4, R_RI_USAGE = 5, R_RI_FEE = 6, R_FEE = 7, R_TAX = 8, R_CREDIT = 9, R_REFUND = 10,
            R_DISCOUNT = 11, R_OTHER = 12, R_F_USAGE = 20, R_F_PURCHASE = 21, R_F_ADJUSTMENT = 24;

    private final Options options;
    private final ByteDict dict = new ByteDict();
    private final ByteDict chargeTypes = new ByteDict();
    private final ByteDict frequencies = new ByteDict();
    private int[] ruleCache = new int[64];
    private int[] freqCache = new int[16];
    private final IntTupleSums detail = new IntTupleSums(6, 1 << 12);
    private final IntTupleSums resources = new IntTupleSums(5, 1 << 12);
    private final IntTupleSums tags = new IntTupleSums(6, 1 << 12);
    private final IntTupleSums hourly = new IntTupleSums(4, 1 << 12);
    private final int[] k = new int[6];
    private final BadRows bad = new BadRows();
    private final BitSet currencies = new BitSet();
    private final Set<String> formats = new LinkedHashSet<>();
    private final int globalRegion;
    private final int otherResources;
    private final int otherTags;
    private int[] tagAllowCache = new int[256];

    private long rows;
    private long overflowResourceRows;
    private long overflowTagRows;
    private boolean hourlySeen;
    private long minHour = Long.MAX_VALUE;
    private long maxHour = Long.MIN_VALUE;

    // per-row state used by the tag callback
    private int rowDay;
    private int rowAccount;
    private int rowService;
    private int rowCategory;
    private double rowCost;
    private final RowView.TagSink tagSink = this::addTag;

    public CostAggregator(Options options) {
        this.options = options;
        ruleCache = new int[64];
        java.util.Arrays.fill(ruleCache, -1);
        java.util.Arrays.fill(freqCache, -1);
        globalRegion = dict.id(GLOBAL_REGION);
        otherResources = dict.id(OTHER_RESOURCES);
        otherTags = dict.id(OTHER_TAGS);
    }

    public Options options() {
        return options;
    }

    public ByteDict dict() {
        return dict;
    }

    public void noteFormat(String label) {
        formats.add(label);
    }

    /**
     * Normalises and adds one row. A row that cannot be read (no usable start time, a cost that is not a number)
     * is counted in {@link #badRows()} with {@code file} and {@code line}, and nothing of it is added.
     */
    public boolean add(RowView r, ExportFormat format, String file, long line) {
        long start = r.epochHour(Field.START);
        if (start == Ascii.BAD_TIME) {
            bad.add(file, line, r.isNull(Field.START) ? "missing usage start" : "usage start is not a timestamp");
            return false;
        }
        int ct = r.id(Field.CHARGE_TYPE, chargeTypes, true);
        int rule = rule(ct, format);
        double unblended = r.number(Field.UNBLENDED);
        if (Double.isNaN(unblended)) {
            bad.add(file, line, "cost is not a number");
            return false;
        }
        if (!(Math.abs(unblended) <= MAX_AMOUNT)) {
            bad.add(file, line, "cost out of range");
            return false;
        }
        double cost = options.metric() == CostMetric.UNBLENDED ? unblended : amortised(rule, r, unblended);
        if (Double.isNaN(cost) || Double.isInfinite(cost)) {
            bad.add(file, line, "amortised cost is not a number");
            return false;
        }
        if (!(Math.abs(cost) <= MAX_AMOUNT)) {
            bad.add(file, line, "cost out of range");
            return false;
        }
        ChargeCategory category = category(rule);
        if (rule == R_F_USAGE && r.has(Field.CHARGE_FREQUENCY)) {
            int f = r.id(Field.CHARGE_FREQUENCY, frequencies, true);
            if (f != 0 && isRecurringOrOneTime(f)) {
                category = ChargeCategory.FEE;
            }
        }
        if (category == ChargeCategory.USAGE && r.has(Field.END)) {
            // A "usage" line that spans most of a month is a monthly charge (support, subscriptions): a fee.
            long end = r.epochHour(Field.END);
            if (end != Ascii.BAD_TIME && end - start >= 24 * 25) {
                category = ChargeCategory.FEE;
            }
        }
        rows++;
        if (start < minHour) {
            minHour = start;
        }
        if (start > maxHour) {
            maxHour = start;
        }
        int hourOfDay = (int) Math.floorMod(start, 24L);
        if (hourOfDay != 0) {
            hourlySeen = true;
        }
        if (r.has(Field.CURRENCY)) {
            currencies.set(r.id(Field.CURRENCY, dict, false));
        }
        int day = (int) Math.floorDiv(start, 24L);
        int account = r.id(Field.ACCOUNT, dict, false);
        int service = r.id(Field.SERVICE, dict, false);
        int region = r.id(Field.REGION, dict, true);
        if (region == 0) {
            region = globalRegion;
        }
        int usageType = r.id(Field.USAGE_TYPE, dict, false);
        int cat = category.ordinal();

        k[0] = day;
        k[1] = account;
        k[2] = service;
        k[3] = region;
        k[4] = usageType;
        k[5] = cat;
        detail.add(k, cost);

        k[0] = (int) start;
        k[3] = cat;
        hourly.add(k, cost);   // arity 4: hour, account, service, category

        int resource = r.id(Field.RESOURCE, dict, false);
        if (resource != 0) {
            k[0] = day;
            k[3] = resource;
            k[4] = cat;
            if (resources.size() >= options.maxResourceKeys() && !resources.contains(k)) {
                k[3] = otherResources;
                overflowResourceRows++;
            }
            resources.add(k, cost);
        }
        rowDay = day;
        rowAccount = account;
        rowService = service;
        rowCategory = cat;
        rowCost = cost;
        r.forEachTag(tagSink, dict);
        return true;
    }

    private void addTag(int key, int value) {
        if (options.tagKeys() != null && !tagAllowed(key)) {
            return;
        }
        k[0] = rowDay;
        k[1] = rowAccount;
        k[2] = rowService;
        k[3] = key;
        k[4] = value;
        k[5] = rowCategory;
        if (tags.size() >= options.maxTagKeys() && !tags.contains(k)) {
            k[3] = otherTags;
            k[4] = 0;
            overflowTagRows++;
        }
        tags.add(k, rowCost);
    }

    private boolean tagAllowed(int key) {
        if (key >= tagAllowCache.length) {
            tagAllowCache = java.util.Arrays.copyOf(tagAllowCache, Math.max(key + 1, tagAllowCache.length * 2));
        }
        int c = tagAllowCache[key];
        if (c == 0) {
            c = options.tagKeys().contains(dict.string(key)) ? 1 : 2;
            tagAllowCache[key] = c;
        }
        return c == 1;
    }

    private int rule(int ct, ExportFormat format) {
        if (ct >= ruleCache.length) {
            int old = ruleCache.length;
            ruleCache = java.util.Arrays.copyOf(ruleCache, Math.max(ct + 1, old * 2));
            java.util.Arrays.fill(ruleCache, old, ruleCache.length, -1);
        }
        int r = ruleCache[ct];
        if (r < 0) {
            r = classify(ct == 0 ? "" : chargeTypes.string(ct), format);
            ruleCache[ct] = r;
        }
        return r;
    }

    /** Line item types (CUR) and ChargeCategory (FOCUS), already lower-cased. */
    static int classify(String t, ExportFormat format) {
        if (format == ExportFormat.FOCUS) {
            return switch (t) {
                case "", "usage" -> R_F_USAGE;
                case "purchase" -> R_F_PURCHASE;
                case "tax" -> R_TAX;
                case "credit" -> R_CREDIT;
                case "adjustment" -> R_F_ADJUSTMENT;
                default -> R_OTHER;
            };
        }
        return switch (t) {
            case "", "usage" -> R_USAGE;
            case "savingsplancoveredusage" -> R_SP_COVERED;
            case "savingsplanrecurringfee" -> R_SP_RECURRING;
            case "savingsplannegation" -> R_SP_NEGATION;
            case "savingsplanupfrontfee" -> R_SP_UPFRONT;
            case "discountedusage" -> R_RI_USAGE;
            case "rifee" -> R_RI_FEE;
            case "fee" -> R_FEE;
            case "tax" -> R_TAX;
            case "credit" -> R_CREDIT;
            case "refund" -> R_REFUND;
            case "edpdiscount", "bundleddiscount", "privateratediscount", "sppdiscount", "distributordiscount",
                 "discount", "savingsplandiscount", "ridiscount" -> R_DISCOUNT;
            default -> R_OTHER;
        };
    }

    private static ChargeCategory category(int rule) {
        return switch (rule) {
            case R_USAGE, R_SP_COVERED, R_SP_NEGATION, R_RI_USAGE, R_F_USAGE -> ChargeCategory.USAGE;
            case R_SP_RECURRING, R_SP_UPFRONT, R_RI_FEE, R_FEE, R_F_PURCHASE -> ChargeCategory.FEE;
            case R_TAX -> ChargeCategory.TAX;
            case R_CREDIT -> ChargeCategory.CREDIT;
            case R_REFUND -> ChargeCategory.REFUND;
            case R_DISCOUNT -> ChargeCategory.DISCOUNT;
            case R_F_ADJUSTMENT -> ChargeCategory.ADJUSTMENT;
            default -> ChargeCategory.OTHER;
        };
    }

    /**
     * The amortised cost of a line (the AWS formula for CUR; FOCUS has it as EffectiveCost): covered usage at its
     * effective cost, the unused part of commitments on the fee lines, and zero for negations and upfront fees
     * (already spread over usage). Where an export lacks the column a line type needs, unblended is used.
     */
    private double amortised(int rule, RowView r, double unblended) {
        return switch (rule) {
            case R_F_USAGE, R_F_PURCHASE, R_F_ADJUSTMENT, R_TAX, R_CREDIT, R_REFUND, R_DISCOUNT, R_OTHER ->
                    r.has(Field.EFFECTIVE) && !r.isNull(Field.EFFECTIVE) ? r.number(Field.EFFECTIVE) : unblended;
            case R_SP_COVERED -> r.has(Field.SP_EFFECTIVE) ? r.number(Field.SP_EFFECTIVE) : unblended;
            case R_SP_RECURRING -> r.has(Field.SP_TOTAL_COMMIT) && r.has(Field.SP_USED_COMMIT)
                    ? r.number(Field.SP_TOTAL_COMMIT) - r.number(Field.SP_USED_COMMIT) : unblended;
            case R_SP_NEGATION, R_SP_UPFRONT -> 0.0;
            case R_RI_USAGE -> r.has(Field.RI_EFFECTIVE) ? r.number(Field.RI_EFFECTIVE) : unblended;
            case R_RI_FEE -> r.has(Field.RI_UNUSED_AMORT) || r.has(Field.RI_UNUSED_RECUR)
                    ? zeroIfNaN(r.number(Field.RI_UNUSED_AMORT)) + zeroIfNaN(r.number(Field.RI_UNUSED_RECUR))
                    : unblended;
            case R_FEE -> r.has(Field.RI_ARN) && !r.isNull(Field.RI_ARN) ? 0.0 : unblended;
            default -> unblended;
        };
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private boolean isRecurringOrOneTime(int f) {
        if (f >= freqCache.length) {
            int old = freqCache.length;
            freqCache = java.util.Arrays.copyOf(freqCache, Math.max(f + 1, old * 2));
            java.util.Arrays.fill(freqCache, old, freqCache.length, -1);
        }
        int c = freqCache[f];
        if (c < 0) {
            String s = frequencies.string(f);
            c = s.equals("recurring") || s.equals("one-time") || s.equals("onetime") ? 1 : 0;
            freqCache[f] = c;
        }
        return c == 1;
    }

    public BadRows badRows() {
        return bad;
    }

    public long rows() {
        return rows;
    }

    /** Whether any line started off midnight: the export is hourly. */
    public boolean hourly() {
        return hourlySeen;
    }

    public long keys() {
        return detail.size() + resources.size() + tags.size() + (hourlySeen ? hourly.size() : 0);
    }

    public long bytesHeld() {
        return dict.bytesHeld() + detail.bytesHeld() + resources.bytesHeld() + tags.bytesHeld()
                + hourly.bytesHeld();
    }

    /** Everything added so far, as facts and figures. */
    public CostAggregate result() {
        List<CostFact> facts = new ArrayList<>(detail.size() + resources.size() + tags.size());
        for (int e = 0; e < detail.size(); e++) {
            facts.add(new CostFact(CostFact.Grain.DETAIL, detail.key(e, 0), ChargeCategory.of(detail.key(e, 5)),
                    dict.string(detail.key(e, 1)), dict.string(detail.key(e, 2)), dict.string(detail.key(e, 3)),
                    dict.string(detail.key(e, 4)), detail.sum(e)));
        }
        for (int e = 0; e < resources.size(); e++) {
            facts.add(new CostFact(CostFact.Grain.RESOURCE, resources.key(e, 0),
                    ChargeCategory.of(resources.key(e, 4)), dict.string(resources.key(e, 1)),
                    dict.string(resources.key(e, 2)), dict.string(resources.key(e, 3)), "", resources.sum(e)));
        }
        for (int e = 0; e < tags.size(); e++) {
            facts.add(new CostFact(CostFact.Grain.TAG, tags.key(e, 0), ChargeCategory.of(tags.key(e, 5)),
                    dict.string(tags.key(e, 1)), dict.string(tags.key(e, 2)), dict.string(tags.key(e, 3)),
                    dict.string(tags.key(e, 4)), tags.sum(e)));
        }
        if (hourlySeen) {
            for (int e = 0; e < hourly.size(); e++) {
                long hour = hourly.key(e, 0);
                facts.add(new CostFact(CostFact.Grain.HOURLY, Math.floorDiv(hour, 24L),
                        ChargeCategory.of(hourly.key(e, 3)), dict.string(hourly.key(e, 1)),
                        dict.string(hourly.key(e, 2)), HOURS[(int) Math.floorMod(hour, 24L)], "",
                        hourly.sum(e)));
            }
        }
        Set<String> currencySet = new TreeSet<>();
        currencies.stream().filter(i -> i != 0).forEach(i -> currencySet.add(dict.string(i)));
        return new CostAggregate(facts, rows, bad, currencySet, new ArrayList<>(formats), hourlySeen,
                minHour == Long.MAX_VALUE ? null : java.time.LocalDate.ofEpochDay(Math.floorDiv(minHour, 24L)),
                maxHour == Long.MIN_VALUE ? null : java.time.LocalDate.ofEpochDay(Math.floorDiv(maxHour, 24L)),
                overflowResourceRows, overflowTagRows, options.metric());
    }
}
