// The page's calls: blocks.json, and runs of an operation through the component on this server.
export async function loadManifest() {
  const answer = await fetch('/ui/blocks.json');
  if (!answer.ok) throw new Error(`blocks.json: HTTP ${answer.status}`);
  return answer.json();
}

// `connection` is null for the emulated org, or the real org's connection fields (domain,
// apiKey, ...), which go beside the operation's own fields as engines send them. The server
// streams one JSON line per event of the run (given to `onEvent`), then the result's line.
export async function run(operation, fields, connection, onEvent) {
  const body = connection
    ? { operation, org: 'real', input: { ...connection, ...fields } }
    : { operation, org: 'emulated', input: fields };
  const answer = await fetch('/ui/run', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
    body: JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  // A refused run is answered whole, as JSON.
  if (!(answer.headers.get('content-type') ?? '').includes('application/x-ndjson')) {
    const refused = await answer.json();
    return { failure: refused.error ?? `HTTP ${answer.status}` };
  }
  const reader = answer.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let result = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      if (!line.trim()) continue;
      const message = JSON.parse(line);
      if (message.type === 'result') result = message;
      else onEvent?.(message);
    }
  }
  if (!result) return { failure: 'the run ended without a result' };
  if (result.error) return { failure: result.error };
  return result;
}
