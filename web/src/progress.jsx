// A run's progress, from the events the server streams while the component works (each request
// sent, each answer, each rate-limit wait): the same events the CLI's progress line reads.
import { useEffect, useState } from 'react';

export function newTally() {
  return { requests: 0, answers: 0, items: 0, last: null, waitingUntil: null };
}

// The tally after one event.
export function record(tally, event) {
  switch (event.type) {
    case 'sent':
      return { ...tally, requests: Math.max(tally.requests, event.index), waitingUntil: null };
    case 'answered':
      return { ...tally, answers: tally.answers + 1, items: tally.items + (event.items ?? 0), last: event.milliseconds };
    case 'rateLimited':
      return { ...tally, waitingUntil: Date.now() + event.seconds * 1000 };
    default:
      return tally;
  }
}

function describe(tally, now) {
  if (tally.waitingUntil) {
    const left = Math.max(0, Math.ceil((tally.waitingUntil - now) / 1000));
    return `waiting ${left} s for Okta's rate limit, ${tally.answers} pages so far, ${tally.items} items so far`;
  }
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const last = tally.last === null ? '' : `, last answer ${tally.last.toFixed(0)} ms`;
  return `${count(tally.requests, 'request', 'requests')}, ${count(tally.items, 'item', 'items')}${last}`;
}

// The live line; while the block waits, it counts down.
export function Progress({ tally, running }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!tally.waitingUntil) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [tally.waitingUntil]);
  if (tally.requests === 0) return null;
  return (
    <p className="progress" data-testid="progress" aria-live="polite">
      {running ? '⏳ ' : ''}
      {describe(tally, now)}
    </p>
  );
}
