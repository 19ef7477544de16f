// The page's one call: run an operation through the component on this server.
export async function loadManifest() {
  const answer = await fetch('/ui/blocks.json');
  if (!answer.ok) throw new Error(`blocks.json: HTTP ${answer.status}`);
  return answer.json();
}

// `connection` is null for the emulated org, or the real org's connection fields (domain,
// apiKey, ...), which go beside the operation's own fields as engines send them.
export async function run(operation, fields, connection) {
  const body = connection
    ? { operation, org: 'real', input: { ...connection, ...fields } }
    : { operation, org: 'emulated', input: fields };
  const answer = await fetch('/ui/run', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  const result = await answer.json();
  if (result.error) return { failure: result.error };
  return result;
}
