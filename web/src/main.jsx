// okta-block as a workflow builder meets it: pick an operation, fill its form (rendered from
// blocks.json), run it through the component on this server, and see the output and every
// HTTP exchange it made. The token typed for a real org stays in memory: never in the page's
// HTML, in storage or in a URL.
import { StrictMode, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import {
  cleaned,
  findersOf,
  hiddenFields,
  templates,
  uiSchemaFor,
  validator,
  widgets,
} from './forms.jsx';
import { loadManifest, run } from './api.js';
import { Result } from './output.jsx';
import { newTally, Progress, record } from './progress.jsx';
import { Workflow } from './workflow.jsx';
import './app.css';

// The area an operation belongs to, from its WIT function (`okta-block:okta/users@0.4.0#...`).
function areaOf(operation) {
  return operation.function.split('/')[1].split('@')[0];
}

// A schema-rendered form with this page's hints applied; calls `onSubmit(fields)` once the
// schema's own validation passes.
function SchemaForm({ id, schema, onSubmit, onChangeData, submitLabel, busy, formRef }) {
  const [data, setData] = useState({});
  const finders = findersOf(schema);
  const [finder, setFinder] = useState('');
  const hidden = hiddenFields(schema, data, finder);
  const uiSchema = uiSchemaFor(schema, hidden, finder);
  return (
    <div className="schema-form">
      {finders.length > 0 && (
        <label className="finder">
          Find by
          <select value={finder} onChange={(e) => setFinder(e.target.value)} data-testid="finder">
            <option value="">Everything (no search)</option>
            {finders.map(([name, label]) => (
              <option key={name} value={name}>
                {label}
              </option>
            ))}
          </select>
        </label>
      )}
      <Form
        id={id}
        idPrefix={id}
        ref={formRef}
        schema={schema}
        uiSchema={uiSchema}
        formData={data}
        validator={validator}
        widgets={widgets}
        templates={templates}
        showErrorList={false}
        noHtml5Validate
        focusOnFirstError
        onChange={(e) => {
          setData(e.formData ?? {});
          onChangeData?.(cleaned(e.formData, hidden));
        }}
        onSubmit={(e) => onSubmit(cleaned(e.formData, hidden))}
        // The messages are shown at their fields; nothing more to report.
        onError={() => {}}
      >
        {submitLabel && (
          <button type="submit" disabled={busy} data-testid={`${id}-submit`}>
            {busy ? 'Running…' : submitLabel}
          </button>
        )}
      </Form>
    </div>
  );
}

function App() {
  const [manifest, setManifest] = useState(null);
  const [failure, setFailure] = useState(null);
  const [view, setView] = useState('operation');
  const [operationId, setOperationId] = useState('list_users');
  const [org, setOrg] = useState('emulated');
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const [tally, setTally] = useState(newTally());
  // The real org's connection, kept in memory only (a ref: never rendered back).
  const connection = useRef({});
  const connectionForm = useRef(null);

  useEffect(() => {
    loadManifest().then(setManifest, (e) => setFailure(String(e)));
  }, []);

  const operation = useMemo(
    () => manifest?.operations.find((op) => op.id === operationId),
    [manifest, operationId],
  );
  const areas = useMemo(() => {
    const grouped = new Map();
    for (const op of manifest?.operations ?? []) {
      const area = areaOf(op);
      if (!grouped.has(area)) grouped.set(area, []);
      grouped.get(area).push(op);
    }
    return [...grouped];
  }, [manifest]);

  if (failure) return <p className="error-panel">{failure}</p>;
  if (!manifest) return <p>Loading blocks.json…</p>;

  // The connection form must pass its own validation before a run against a real org.
  function realConnection() {
    if (org !== 'real') return null;
    if (!connectionForm.current?.validateForm()) return undefined;
    return connection.current;
  }

  async function submit(fields) {
    const target = realConnection();
    if (target === undefined) return;
    setBusy(true);
    setResult(null);
    setTally(newTally());
    try {
      setResult(await run(operation.id, fields, target, (event) => setTally((t) => record(t, event))));
    } catch (e) {
      setResult({ failure: String(e) });
    } finally {
      setBusy(false);
    }
  }

  const block = manifest.block;
  return (
    <main>
      <header>
        <h1>{block.name}</h1>
        <p>{block.description}</p>
        <nav>
          <button type="button" className={view === 'operation' ? 'active' : ''} onClick={() => setView('operation')}>
            Run an operation
          </button>
          <button type="button" className={view === 'workflow' ? 'active' : ''} onClick={() => setView('workflow')} data-testid="workflow-tab">
            Run a workflow
          </button>
        </nav>
      </header>

      <section className="connection">
        <h2>Connection</h2>
        <label>
          <input type="radio" name="org" value="emulated" checked={org === 'emulated'} onChange={() => setOrg('emulated')} />
          The emulated org on this server (nothing to type)
        </label>
        <label>
          <input type="radio" name="org" value="real" checked={org === 'real'} onChange={() => setOrg('real')} data-testid="real-org" />
          A real org: its domain and an API token
        </label>
        {org === 'real' && (
          <SchemaForm
            id="connection"
            schema={{ ...block.connection, title: undefined, description: undefined }}
            formRef={connectionForm}
            onSubmit={() => {}}
            onChangeData={(data) => (connection.current = data)}
          />
        )}
      </section>

      {view === 'operation' ? (
        <section className="operation">
          <h2>Operation</h2>
          <select value={operationId} onChange={(e) => { setOperationId(e.target.value); setResult(null); setTally(newTally()); }} data-testid="operation">
            {areas.map(([area, ops]) => (
              <optgroup key={area} label={area}>
                {ops.map((op) => (
                  <option key={op.id} value={op.id}>
                    {op.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <p className="description">{operation.description}</p>
          <SchemaForm key={operation.id} id="operation" schema={operation.input} onSubmit={submit} submitLabel="Run" busy={busy} />
          <Progress tally={tally} running={busy} />
          <Result result={result} />
        </section>
      ) : (
        <Workflow connection={() => realConnection()} />
      )}
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
