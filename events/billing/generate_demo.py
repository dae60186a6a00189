#!/usr/bin/env python3
"""Generates events/billing/billing-demo: a small, synthetic CUR 2.0 export (CSV.gz + Data Exports manifests).

NOT real data. Three months (2024-07-01 .. 2024-09-30) of daily line items for two accounts, with the situations
the cost-spike detector must handle, so that `vigil demo` and `vigil cost-report` have something to find:

  * a weekday/weekend pattern (EC2 in the dev account is mostly off at weekends)      -> not an anomaly
  * RI, Savings Plan and Support fees on the 1st of each month, tax, a credit            -> not anomalies
  * 2024-09-18: a one-day EC2 spike in prod (Spot fleet left running, one resource)     -> spike
  * 2024-08-20: RDS steps up ~60% for good (a bigger instance)                          -> level shift, once
  * 2024-09-25: DynamoDB +$500 in dev while prod drops $500 (flat in total)            -> masked account spike
  * 2024-09-05: Amazon Bedrock starts in prod and ramps up                              -> new spend, not a spike

Standard library only. Deterministic (seeded). Re-run: python3 events/billing/generate_demo.py
"""
import csv
import datetime as dt
import gzip
import io
import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "billing-demo")
BUCKET = "vigil-demo-billing"
PREFIX = "exports"
NAME = "demo-cur2"
PROD, DEV = "111111111111", "222222222222"
START, END = dt.date(2024, 7, 1), dt.date(2024, 9, 30)

COLUMNS = [
    "bill_bill_type", "bill_billing_period_start_date", "bill_billing_period_end_date", "bill_payer_account_id",
    "bill_payer_account_name", "identity_line_item_id", "identity_time_interval", "line_item_currency_code",
    "line_item_line_item_description", "line_item_line_item_type", "line_item_operation", "line_item_product_code",
    "line_item_resource_id", "line_item_unblended_cost", "line_item_usage_account_id", "line_item_usage_amount",
    "line_item_usage_end_date", "line_item_usage_start_date", "line_item_usage_type", "product",
    "product_region_code", "reservation_effective_cost", "reservation_reservation_a_r_n",
    "reservation_unused_amortized_upfront_fee_for_billing_period", "reservation_unused_recurring_fee",
    "resource_tags", "savings_plan_savings_plan_effective_cost", "savings_plan_total_commitment_to_date",
    "savings_plan_used_commitment",
]

rng = random.Random(20240930)


def ts(d, h=0):
    return dt.datetime(d.year, d.month, d.day, h, tzinfo=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def month_end(d):
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def line(rows, d, acct, svc, usage_type, cost, resource="", kind="Usage", region="us-east-1", tags=None,
         end=None, desc="", extra=None):
    r = {c: "" for c in COLUMNS}
    start_s = ts(d)
    end_s = ts(end) if end else ts(d + dt.timedelta(days=1))
    r.update({
        "bill_bill_type": "Anniversary", "bill_billing_period_start_date": ts(d.replace(day=1)),
        "bill_billing_period_end_date": ts(month_end(d)), "bill_payer_account_id": PROD,
        "bill_payer_account_name": "Example Corp, Payer", "identity_line_item_id": "%016x" % rng.getrandbits(64),
        "identity_time_interval": start_s + "/" + end_s, "line_item_currency_code": "USD",
        "line_item_line_item_description": desc or (usage_type + " usage"), "line_item_line_item_type": kind,
        "line_item_operation": "RunInstances" if svc == "AmazonEC2" else "", "line_item_product_code": svc,
        "line_item_resource_id": resource, "line_item_unblended_cost": "%.8f" % cost,
        "line_item_usage_account_id": acct, "line_item_usage_amount": "%.4f" % max(0.0, cost * 10),
        "line_item_usage_end_date": end_s, "line_item_usage_start_date": start_s,
        "line_item_usage_type": usage_type,
        "product": json.dumps({"region": region, "servicecode": svc, "product_name": svc}),
        "product_region_code": region, "resource_tags": json.dumps(tags or {}),
    })
    if extra:
        r.update(extra)
    rows.setdefault(d.strftime("%Y-%m"), []).append(r)


def noise(scale=0.03):
    return 1 + rng.gauss(0, scale)


def generate():
    rows = {}
    d = START
    while d <= END:
        i = (d - START).days
        weekend = d.weekday() >= 5
        # EC2: prod steady ~$1,150/day, dev mostly off at weekends
        for n, (ut, share) in enumerate([("BoxUsage:m6i.xlarge", 0.55), ("BoxUsage:c6g.2xlarge", 0.30),
                                         ("EBS:VolumeUsage.gp3", 0.15)]):
            line(rows, d, PROD, "AmazonEC2", ut, 1150 * share * noise(), resource="i-0prod%04d" % n,
                 tags={"user_team": "platform", "user_env": "prod"})
            line(rows, d, DEV, "AmazonEC2", ut, (90 if weekend else 420) * share * noise(0.05),
                 resource="i-0dev%04d" % n, tags={"user_team": "platform", "user_env": "dev"})
        # S3: slow growth
        line(rows, d, PROD, "AmazonS3", "TimedStorage-ByteHrs", (300 + 1.2 * i) * noise(0.01),
             resource="vigil-data-lake", tags={"user_team": "data", "user_env": "prod"})
        line(rows, d, PROD, "AmazonS3", "Requests-Tier1", 40 * noise(0.08), resource="vigil-data-lake",
             tags={"user_team": "data", "user_env": "prod"})
        # Lambda, CloudWatch: small and steady
        line(rows, d, PROD, "AWSLambda", "Lambda-GB-Second", 85 * noise(0.06), resource="arn:aws:lambda:fn/api",
             tags={"user_team": "web", "user_env": "prod"})
        line(rows, d, PROD, "AmazonCloudWatch", "CW:MetricMonitorUsage", 55 * noise(0.02))
        # RDS: level shift on 2024-08-20
        rds = 600 * (1.6 if d >= dt.date(2024, 8, 20) else 1.0) * noise(0.02)
        line(rows, d, PROD, "AmazonRDS", "InstanceUsage:db.r6g.2xl" if d >= dt.date(2024, 8, 20)
             else "InstanceUsage:db.r6g.xl", rds, resource="arn:aws:rds:db:orders",
             tags={"user_team": "data", "user_env": "prod"})
        # DynamoDB in both accounts; masked spike on 2024-09-25
        ddb_prod = 400 * noise(0.02)
        ddb_dev = 400 * noise(0.02)
        if d == dt.date(2024, 9, 25):
            ddb_dev += 500
            ddb_prod -= 500 * 0.9
        line(rows, d, PROD, "AmazonDynamoDB", "WriteCapacityUnit-Hrs", ddb_prod, resource="table/orders",
             tags={"user_team": "web", "user_env": "prod"})
        line(rows, d, DEV, "AmazonDynamoDB", "WriteCapacityUnit-Hrs", ddb_dev, resource="table/loadtest",
             tags={"user_team": "web", "user_env": "dev"})
        # the EC2 spike on 2024-09-18: a Spot fleet left running
        if d == dt.date(2024, 9, 18):
            line(rows, d, PROD, "AmazonEC2", "SpotUsage:p4d.24xlarge", 940.0, resource="i-0spotfleet0042",
                 tags={"user_team": "ml", "user_env": "prod"})
        # new service: Bedrock from 2024-09-05, ramping up
        if d >= dt.date(2024, 9, 5):
            k = (d - dt.date(2024, 9, 5)).days
            line(rows, d, PROD, "AmazonBedrock", "USE1-Claude-InputTokens", min(380, 35 + 25 * k) * noise(0.05),
                 tags={"user_team": "ml", "user_env": "prod"})
        # fees on the 1st: RI (amortised over usage), Savings Plan commitment, Support; tax; a credit
        if d.day == 1:
            me = month_end(d)
            line(rows, d, PROD, "AmazonEC2", "HeavyUsage:m6i.xlarge", 4200.0, kind="RIFee", end=me,
                 desc="RI fee", extra={"reservation_unused_amortized_upfront_fee_for_billing_period": "0",
                                       "reservation_unused_recurring_fee": "35.0",
                                       "reservation_reservation_a_r_n": "arn:aws:ec2:ri/1"})
            line(rows, d, PROD, "ComputeSavingsPlans", "ComputeSP:1yrNoUpfront", 3000.0,
                 kind="SavingsPlanRecurringFee", end=me, region="global",
                 extra={"savings_plan_total_commitment_to_date": "3000", "savings_plan_used_commitment": "2950"})
            line(rows, d, PROD, "AWSSupportBusiness", "Dollar", 1800.0, kind="Fee", end=me, region="global",
                 desc="Business support")
            line(rows, d, PROD, "AmazonEC2", "", 2400.0, kind="Tax", end=me, region="global", desc="Tax")
        if d == dt.date(2024, 8, 15):
            line(rows, d, PROD, "AmazonEC2", "", -1500.0, kind="Credit", region="global", desc="Promotional credit")
        d += dt.timedelta(days=1)
    return rows


def main():
    rows = generate()
    for period, lines in sorted(rows.items()):
        base = os.path.join(OUT, PREFIX, NAME)
        data_rel = "%s/%s/data/BILLING_PERIOD=%s/%s-00001.csv.gz" % (PREFIX, NAME, period, NAME)
        meta_rel = "%s/%s/metadata/BILLING_PERIOD=%s/%s-Manifest.json" % (PREFIX, NAME, period, NAME)
        os.makedirs(os.path.dirname(os.path.join(OUT, data_rel)), exist_ok=True)
        os.makedirs(os.path.dirname(os.path.join(OUT, meta_rel)), exist_ok=True)
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(lines)
        with open(os.path.join(OUT, data_rel), "wb") as f:
            # mtime=0: byte-identical output on every run
            with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0) as g:
                g.write(buf.getvalue().encode("utf-8"))
        manifest = {
            "version": "1.0", "executionId": "demo-%s-0001" % period,
            "exportArn": "arn:aws:bcm-data-exports:us-east-1:%s:export/%s-0000" % (PROD, NAME),
            "exportName": NAME, "billingPeriod": period,
            "dataFiles": ["s3://%s/%s" % (BUCKET, data_rel)],
            "columns": [{"name": c, "type": "string"} for c in COLUMNS],
        }
        with open(os.path.join(OUT, meta_rel), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
        print("wrote", data_rel, len(lines), "rows")


if __name__ == "__main__":
    main()
