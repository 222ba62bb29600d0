import { headers, query } from './api.js';

/**
 * A change stream of the twin API (Server-Sent Events) read with fetch, because EventSource cannot send the bearer
 * token. Like EventSource it reconnects by itself and sends `Last-Event-ID`, so the server replays what was missed
 * while the connection was down; on `reset` (too far behind) it calls `onReset` so the view reads the twins again.
 *
 * @param params the stream's query: ids, namespaces, filter, fields, extraFields
 * @param onChange called with each event's parsed data
 * @returns a handle whose close() ends the stream
 */
export function changes(params, onChange, { onReset, onState } = {}) {
  let lastEventId = null;
  let closed = false;
  let controller = null;
  let retryMs = 1000;

  async function connect() {
    while (!closed) {
      controller = new AbortController();
      try {
        const h = headers({ Accept: 'text/event-stream' });
        if (lastEventId) h['Last-Event-ID'] = lastEventId;
        const resp = await fetch(`/api/2/things${query(params)}`, { headers: h, signal: controller.signal });
        if (!resp.ok) throw new Error(`stream refused: HTTP ${resp.status}`);
        onState?.('open');
        retryMs = 1000;
        await read(resp.body);
      } catch (e) {
        if (closed) return;
        onState?.('retrying', e);
      }
      if (closed) return;
      await new Promise((r) => setTimeout(r, retryMs));
      retryMs = Math.min(retryMs * 2, 15000);
    }
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        dispatch(block);
      }
    }
  }

  function dispatch(block) {
    let event = 'message';
    let id = null;
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue; // heartbeat comment
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(val);
      else if (field === 'id') id = val;
      else if (field === 'event') event = val;
    }
    if (id !== null) lastEventId = id;
    if (event === 'reset') {
      lastEventId = null;
      onReset?.();
      return;
    }
    if (event === 'overflow' || data.length === 0) return;
    try {
      onChange(JSON.parse(data.join('\n')));
    } catch (e) {
      console.warn('unreadable event', e);
    }
  }

  connect();
  return {
    close() {
      closed = true;
      controller?.abort();
    },
  };
}
