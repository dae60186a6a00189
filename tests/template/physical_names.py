#!/usr/bin/env python3
"""Translates template.yaml with the SAM translator under two stack names and fails if any resource would get the same
physical name in both (two stacks in one account and region), or a fixed name on a resource that is kept after the
stack is deleted (a redeploy after `sam delete` would collide with it).

Usage: physical_names.py [template.yaml] [--param Key=Value ...]. Run by .ci/run and by PhysicalNamesTest.
Only names that are unique per account and region (or per account, for S3 and IAM) are compared; names scoped to a
parent the stack creates (a log stream in its own log group) are not.
"""
import copy
import json
import os
import re
import sys

# The translator asks boto for the region; the check is offline and region-independent.
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")

from cfnlint.decode import decode_str
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

# Resource type -> the property that names it, for names unique in an account/region (or globally for S3).
NAME_PROPERTIES = {
    "AWS::S3::Bucket": "BucketName",
    "AWS::DynamoDB::Table": "TableName",
    "AWS::SQS::Queue": "QueueName",
    "AWS::SNS::Topic": "TopicName",
    "AWS::Events::EventBus": "Name",
    "AWS::Events::Rule": "Name",
    "AWS::Scheduler::Schedule": "Name",
    "AWS::Scheduler::ScheduleGroup": "Name",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::CloudWatch::Dashboard": "DashboardName",
    "AWS::CloudWatch::Alarm": "AlarmName",
    "AWS::CloudWatch::MetricStream": "Name",
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::StepFunctions::StateMachine": "StateMachineName",
    "AWS::KinesisFirehose::DeliveryStream": "DeliveryStreamName",
    "AWS::SecretsManager::Secret": "Name",
    "AWS::CloudTrail::Trail": "TrailName",
    "AWS::ApiGatewayV2::Api": None,  # API names need not be unique
}
PSEUDO = {"AWS::AccountId": "123456789012", "AWS::Region": "eu-west-1", "AWS::Partition": "aws",
          "AWS::URLSuffix": "amazonaws.com", "AWS::NoValue": None}


class Unresolved(str):
    """A value only CloudFormation knows (a generated name, an attribute): unique per stack."""


def translate(template_text, params):
    t = decode_str(template_text)[0]
    t = json.loads(json.dumps(t, default=str))
    # What `sam package` does: local code and definitions become S3 locations.
    for r in t["Resources"].values():
        props = r.get("Properties") or {}
        for key in ("CodeUri", "DefinitionUri"):
            if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
                props[key] = "s3://artifacts/" + key
    out = Translator(managed_policy_map={}, sam_parser=Parser()).translate(sam_template=copy.deepcopy(t),
                                                                             parameter_values=dict(params))
    return out


def resolver(template, stack, params):
    values = {k: v.get("Default") for k, v in template.get("Parameters", {}).items()}
    values.update(params)
    pseudo = dict(PSEUDO, **{"AWS::StackName": stack, "AWS::StackId": "arn:aws:cloudformation:eu-west-1:"
                                                                         "123456789012:stack/" + stack + "/x"})
    conditions = template.get("Conditions", {})
    cache = {}

    def cond(name):
        if name not in cache:
            cache[name] = bool(ev(conditions[name]))
        return cache[name]

    def ev(node):
        if isinstance(node, list):
            return [ev(x) for x in node]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (k, v), = node.items()
            if k == "Ref":
                if v in pseudo:
                    return pseudo[v]
                if v in values:
                    val = values[v]
                    return ",".join(val) if isinstance(val, list) else val
                return Unresolved(stack + "/" + v)
            if k == "Fn::GetAtt":
                return Unresolved(stack + "/" + (v if isinstance(v, str) else ".".join(v)))
            if k == "Fn::Sub":
                text, extra = (v, {}) if isinstance(v, str) else (v[0], v[1])

                def repl(m):
                    name = m.group(1)
                    if name in extra:
                        return str(ev(extra[name]))
                    if "." in name and name.split(".")[0] not in values:
                        return Unresolved(stack + "/" + name)
                    return str(ev({"Ref": name}))
                return re.sub(r"\$\{([^!}][^}]*)}", repl, text)
            if k == "Fn::Join":
                return v[0].join(str(x) for x in ev(v[1]) if x is not None)
            if k == "Fn::Select":
                return ev(v[1])[int(ev(v[0]))]
            if k == "Fn::Split":
                return str(ev(v[1])).split(v[0])
            if k == "Fn::If":
                return ev(v[1]) if cond(v[0]) else ev(v[2])
            if k == "Fn::Equals":
                a, b = ev(v[0]), ev(v[1])
                return str(a) == str(b)
            if k == "Fn::Not":
                return not ev(v[0])
            if k == "Fn::And":
                return all(ev(x) for x in v)
            if k == "Fn::Or":
                return any(ev(x) for x in v)
            if k == "Condition":
                return cond(v)
        return {k: ev(x) for k, x in node.items()}

    return ev, cond


def physical_names(template, stack, params):
    ev, cond = resolver(template, stack, params)
    names = {}
    for logical, r in template["Resources"].items():
        if "Condition" in r and not cond(r["Condition"]):
            continue
        prop = NAME_PROPERTIES.get(r["Type"])
        if prop is None:
            continue
        value = (r.get("Properties") or {}).get(prop)
        if value is None:
            continue
        names[logical] = (r["Type"], ev(value), r.get("DeletionPolicy", "Delete"))
    return names


def main(argv):
    path = "template.yaml"
    params = {}
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--param":
            k, v = args.pop(0).split("=", 1)
            params[k] = v
        else:
            path = a
    text = open(path).read()
    problems = []
    translated = {}
    for stack in ("vigil-a", "vigil-b"):
        translated[stack] = translate(text, params)
    a = physical_names(translated["vigil-a"], "vigil-a", params)
    b = physical_names(translated["vigil-b"], "vigil-b", params)
    for logical, (rtype, name_a, policy) in sorted(a.items()):
        name_b = b.get(logical, (None, None, None))[1]
        if not isinstance(name_a, Unresolved) and name_a == name_b:
            problems.append(f"{logical} ({rtype}) is named {name_a!r} in both stacks")
        if policy == "Retain" and not isinstance(name_a, Unresolved) and "vigil-a" not in str(name_a):
            problems.append(f"{logical} ({rtype}) is kept after delete with the fixed name {name_a!r}: "
                            "a redeploy would collide with it")
    resources = len(translated["vigil-a"]["Resources"])
    report = {"resources": resources, "named": {k: str(v[1]) for k, v in sorted(a.items())}, "problems": problems}
    print(json.dumps(report, indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
