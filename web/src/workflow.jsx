// The demo's onboarding and offboarding as an engine runs them: one step after another, each
// step's input taking ids from the outputs before it, stopping at the first failure.
import { useState } from 'react';
import { run } from './api.js';
import { ErrorPanel, Exchanges } from './output.jsx';

// Each step: the operation, and its input from what earlier steps produced (`seen`).
function steps(email) {
  return [
    // Staged with a password (the demo's own), so that activating makes her ACTIVE.
    ['Onboarding', 'create_user', () => ({ firstName: 'Grace', lastName: 'Hopper', email, activate: false, password: 'Compiler-A-0-1952' }),
      (out, seen) => { seen.userId = out.id; }],
    ['Onboarding', 'activate_user', (seen) => ({ userId: seen.userId, sendEmail: false })],
    ['Onboarding', 'list_groups', () => ({ q: 'Engineering' }),
      (out, seen) => { seen.groupId = out.groups.find((g) => g.name === 'Engineering')?.id; }],
    ['Onboarding', 'add_user_to_group', (seen) => ({ groupId: seen.groupId, userId: seen.userId })],
    ['Onboarding', 'list_group_members', (seen) => ({ groupId: seen.groupId, returnAll: true })],
    ['Offboarding', 'suspend_user', (seen) => ({ userId: seen.userId })],
    ['Offboarding', 'clear_user_sessions', (seen) => ({ userId: seen.userId, forgetDevices: true })],
    ['Offboarding', 'remove_user_from_group', (seen) => ({ groupId: seen.groupId, userId: seen.userId })],
    ['Offboarding', 'deactivate_user', (seen) => ({ userId: seen.userId })],
    ['Offboarding', 'delete_user', (seen) => ({ userId: seen.userId })],
  ];
}

function summary(output) {
  if (!output.success) return output.error.message;
  const parts = [];
  for (const key of ['id', 'userId', 'groupId', 'status', 'count', 'added', 'removed', 'deleted']) {
    if (output[key] !== undefined && output[key] !== null) parts.push(`${key}: ${output[key]}`);
  }
  return parts.join(', ') || 'done';
}

export function Workflow({ connection }) {
  const [rows, setRows] = useState([]);
  const [running, setRunning] = useState(false);

  async function start() {
    // null for the emulated org; undefined when the real org's form does not validate.
    const target = connection();
    if (target === undefined) return;
    setRunning(true);
    const email = `grace.hopper.${Date.now()}@example.com`;
    const seen = {};
    const done = [];
    for (const [phase, operation, input, take] of steps(email)) {
      const fields = input(seen);
      const result = await run(operation, fields, target);
      const row = { phase, operation, fields, result };
      done.push(row);
      setRows([...done]);
      if (result.failure || !result.output.success) break;
      take?.(result.output, seen);
    }
    setRunning(false);
  }

  const finished = rows.filter((r) => r.result.output?.success).length;
  return (
    <section className="workflow">
      <p>
        The demo's onboarding and offboarding, step by step through the component: each step's
        input takes the ids the steps before it returned, as a workflow engine wires them.
      </p>
      <button type="button" onClick={start} disabled={running} data-testid="run-workflow">
        {running ? 'Running…' : 'Run onboarding and offboarding'}
      </button>
      {rows.length > 0 && (
        <p data-testid="workflow-progress">
          {finished} of {steps('').length} steps succeeded
        </p>
      )}
      <ol className="steps">
        {rows.map((row, i) => (
          <li key={i} className={row.result.output?.success ? 'step succeeded' : 'step failed'} data-testid="step">
            <h3>
              <span className="phase">{row.phase}</span> {row.operation}
            </h3>
            <pre className="step-input">{JSON.stringify(row.fields)}</pre>
            {row.result.failure ? (
              <p className="error-panel">{row.result.failure}</p>
            ) : row.result.output.success ? (
              <p className="step-output">{summary(row.result.output)}</p>
            ) : (
              <ErrorPanel error={row.result.output.error} />
            )}
            {row.result.exchanges && (
              <details>
                <summary>{row.result.exchanges.length} HTTP exchange(s)</summary>
                <Exchanges exchanges={row.result.exchanges} />
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
