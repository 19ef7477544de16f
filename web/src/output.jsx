// What a run shows: the output (JSON, and a table for lists), a typed error plainly, and the
// HTTP exchanges the component made, redacted, as the host recorded them.
import { Fragment, useState } from 'react';

// The first list of objects in an output (users, groups, members, apps...).
function listOf(output) {
  for (const [name, value] of Object.entries(output ?? {})) {
    if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object') {
      return [name, value];
    }
  }
  return null;
}

function cell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function Table({ name, rows }) {
  // Up to eight columns: the scalar fields the rows have, in their order.
  const columns = [];
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (!columns.includes(key) && (value === null || typeof value !== 'object')) columns.push(key);
    }
  }
  const shownColumns = columns.slice(0, 8);
  return (
    <table className="rows" data-testid="output-table" aria-label={name}>
      <caption>
        {name}: {rows.length}
      </caption>
      <thead>
        <tr>
          {shownColumns.map((c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={row.id ?? i}>
            {shownColumns.map((c) => (
              <td key={c}>{cell(row[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ErrorPanel({ error }) {
  const facts = [
    ['Kind', error.kind],
    ['HTTP status', error.status],
    ["Okta's code", error.errorCode],
    ["Okta's summary", error.errorSummary],
    ['Field', error.field],
    ['Reason', error.reason],
    ['Causes', error.errorCauses?.length ? error.errorCauses.join('; ') : null],
    ['Retry after (s)', error.retryAfterSeconds],
    ['Request id', error.requestId],
  ].filter(([, value]) => value !== undefined && value !== null && value !== '');
  return (
    <div className="error-panel" role="alert" data-testid="error">
      <strong>{error.message}</strong>
      <dl>
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-field={label}>{String(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Headers({ headers }) {
  return (
    <ul className="headers">
      {headers.map(([name, value], i) => (
        <li key={i}>
          <code>{name}</code>: <code>{value}</code>
        </li>
      ))}
    </ul>
  );
}

export function Exchanges({ exchanges }) {
  const [open, setOpen] = useState(null);
  if (!exchanges?.length) return <p className="muted">No request was sent.</p>;
  return (
    <table className="exchanges" data-testid="exchanges">
      <caption>HTTP exchanges the component made ({exchanges.length})</caption>
      <thead>
        <tr>
          <th>Method</th>
          <th>URL</th>
          <th>Status</th>
          <th>Time</th>
        </tr>
      </thead>
      <tbody>
        {exchanges.map((e, i) => (
          <Fragment key={i}>
            <tr className="exchange" onClick={() => setOpen(open === i ? null : i)}>
              <td>{e.method}</td>
              <td className="url">{e.url}</td>
              <td>{e.status ?? e.outcome}</td>
              <td>{e.milliseconds.toFixed(1)} ms</td>
            </tr>
            {open === i && (
              <tr className="exchange-detail">
                <td colSpan={4}>
                  <h4>Request headers (redacted)</h4>
                  <Headers headers={e.requestHeaders} />
                  {e.requestBody && (
                    <>
                      <h4>Request body</h4>
                      <pre>{e.requestBody}</pre>
                    </>
                  )}
                  <h4>Response headers</h4>
                  <Headers headers={e.responseHeaders} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

export function Result({ result }) {
  if (!result) return null;
  if (result.failure) {
    return (
      <div className="error-panel" role="alert" data-testid="error">
        <strong>The run failed on the server: {result.failure}</strong>
      </div>
    );
  }
  const { output, exchanges } = result;
  const list = output.success ? listOf(output) : null;
  return (
    <section className="result" data-testid="result">
      {output.success ? (
        <p className="ok" data-testid="success">
          Succeeded
        </p>
      ) : (
        <ErrorPanel error={output.error} />
      )}
      {list && <Table name={list[0]} rows={list[1]} />}
      <details open={!list}>
        <summary>Output JSON</summary>
        <pre data-testid="output-json">{JSON.stringify(output, null, 2)}</pre>
      </details>
      <Exchanges exchanges={exchanges} />
    </section>
  );
}
