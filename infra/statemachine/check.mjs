// Checks remediation.asl.json with two independent tools:
//  1. asl-validator: the definition is valid Amazon States Language (structure, JSONPaths, ARNs);
//  2. aws-local-stepfunctions: executes the definition on every path of events/remediation/<scenario>/. Each Task
//     state runs a local override that (a) checks the payload the engine built equals the scenario's
//     NN-<State>.request.json, the very payload the Java handler tests feed the handlers, and (b) answers with
//     NN-<State>.response.json (what the Java handler returned for it) or throws the named error of
//     NN-<State>.error.json. The callback task (waitForTaskToken) answers with what slack-approval sent to
//     SendTaskSuccess/SendTaskFailure. So both sides test one contract.
// Output: one line per check, then "N passed, M failed". Exit status 1 on any failure.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import aslValidator from 'asl-validator';
import { StateMachine } from 'aws-local-stepfunctions';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const validateOnly = process.argv.includes('--validate-only');

// The template substitutes the three function ARNs (DefinitionSubstitutions); any valid ARN will do here.
const raw = readFileSync(join(here, 'remediation.asl.json'), 'utf8');
const subs = [...new Set([...raw.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]))];
const definition = JSON.parse(raw.replace(/\$\{([A-Za-z0-9]+)\}/g,
  (_, name) => `arn:aws:lambda:us-east-1:123456789012:function:vigil-${name}`));

let passed = 0;
let failed = 0;
const pass = (what) => { passed++; console.log(`PASS ${what}`); };
const fail = (what, why) => { failed++; console.log(`FAIL ${what}: ${why}`); };

const { isValid, errorsText } = aslValidator(definition);
if (isValid) pass(`asl-validator remediation.asl.json (substitutions: ${subs.join(', ')})`);
else fail('asl-validator remediation.asl.json', errorsText('; '));

function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  }
  return v;
}

function firstDifference(a, b, path = '$') {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  }
  if (a && typeof a === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

async function runScenario(dir, name) {
  const spec = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
  const input = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8'));
  const expected = [...spec.tasks];
  const problems = [];
  const visited = [];
  const handlers = {};
  const taskStates = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task').map(([n]) => n);
  let recordOutcome = null;
  for (const stateName of taskStates) {
    handlers[stateName] = async (engineInput) => {
      visited.push(stateName);
      const next = expected.shift();
      if (!next || next.state !== stateName) {
        problems.push(`engine ran ${stateName} where the scenario expects ${next ? next.state : 'nothing more'}`);
        throw Object.assign(new Error('unexpected state'), { name: 'Vigil.TestUnexpectedState' });
      }
      const payload = engineInput && engineInput.FunctionName && engineInput.Payload ? engineInput.Payload : engineInput;
      const want = JSON.parse(readFileSync(join(dir, next.request), 'utf8'));
      const diff = firstDifference(canonical(payload), canonical(want));
      if (diff) problems.push(`${stateName} payload differs from ${next.request}: ${diff}`);
      if (stateName === 'Record') recordOutcome = payload.outcome;
      if (next.error) {
        const e = JSON.parse(readFileSync(join(dir, next.error), 'utf8'));
        throw Object.assign(new Error(e.errorMessage), { name: e.errorType });
      }
      return JSON.parse(readFileSync(join(dir, next.response), 'utf8'));
    };
  }
  const waits = Object.fromEntries(Object.entries(definition.States).filter(([, s]) => s.Type === 'Wait').map(([n]) => [n, 0]));
  const retries = Object.fromEntries(Object.entries(definition.States).filter(([, s]) => s.Retry).map(([n]) => [n, 0]));
  const machine = new StateMachine(definition);
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: waits, retryIntervalOverrides: retries },
    context: {
      Execution: { Id: `arn:aws:states:us-east-1:123456789012:execution:vigil-remediation:${spec.executionName}`,
        Name: spec.executionName, Input: input, StartTime: '2024-05-01T10:15:00.000Z' },
      Task: { Token: spec.taskToken },
    },
  });
  let status = 'SUCCEEDED';
  let error = null;
  try {
    await execution.result;
  } catch (e) {
    status = 'FAILED';
    error = e.cause ? e.cause.name : e.name;
    if (error === "States.Runtime") problems.push(`runtime error: ${e.cause ? e.cause.message : e.message}`);
  }
  if (status !== spec.expect.status) problems.push(`ended ${status}${error ? ` (${error})` : ''}, expected ${spec.expect.status}`);
  if (spec.expect.error && error !== spec.expect.error) problems.push(`failed with ${error}, expected ${spec.expect.error}`);
  if (recordOutcome !== spec.expect.outcome) problems.push(`recorded outcome ${recordOutcome}, expected ${spec.expect.outcome}`);
  if (expected.length) problems.push(`never ran ${expected.map((t) => t.state).join(', ')}`);
  if (problems.length) fail(`path ${name}`, problems.join(' | '));
  else pass(`path ${name}: ${visited.join(' > ')} => ${status} (${spec.expect.outcome})`);
}

if (!validateOnly) {
  const scenarios = join(root, 'events', 'remediation');
  const dirs = existsSync(scenarios) ? readdirSync(scenarios, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  if (dirs.length === 0) fail('scenarios', `none found under ${scenarios}`);
  for (const d of dirs.sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      await runScenario(join(scenarios, d.name), d.name);
    } catch (e) {
      fail(`path ${d.name}`, e.stack || String(e));
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
