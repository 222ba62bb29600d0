// Eclipse Ditto's own JavaScript client for Node (@eclipse-ditto/ditto-javascript-client-node), unchanged, over its
// WebSocket side against Dayuan's /ws/2: create, read, modify and delete a twin, follow its events, and see Ditto's
// errors, as an integrator's Node program would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ditto from '@eclipse-ditto/ditto-javascript-client-node';
import nodeWebSocket from '@eclipse-ditto/ditto-javascript-client-node/dist/node/src/node-websocket.js';
import { BASE_URL, USERS } from './lib.mjs';

const { DittoNodeClient, NodeWebSocketBasicAuth, Thing } = ditto;
const HOST = new URL(BASE_URL).host;

// The client (3.9.1) answers its own close() by trying to reconnect and, with reconnecting off, rejecting 'Reconnect
// disabled' where nothing handles it, whatever the server does: Node then fails the run. Closed on purpose, a socket
// need not reconnect, so that promise is left pending instead.
const reconnect = nodeWebSocket.NodeWebSocket.prototype.reconnect;
nodeWebSocket.NodeWebSocket.prototype.reconnect = function reconnectUnlessClosed(retry) {
  return this.shouldReconnect ? reconnect.call(this, retry) : new Promise(() => {});
};

function client({ user, password }) {
  return DittoNodeClient.newWebSocketClient()
    .withoutTls()
    .withDomain(HOST)
    .withAuthProvider(NodeWebSocketBasicAuth.newInstance(user, password))
    // buffered: requests made before the connection is up wait for it instead of failing
    .withBuffer(100)
    .withReconnect(false)
    .twinChannel()
    .build();
}

async function http(path, { user, password }) {
  const auth = Buffer.from(`${user}:${password}`).toString('base64');
  const res = await fetch(`${BASE_URL}${path}`, { headers: { Authorization: `Basic ${auth}` } });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
}

/** Resolves with the first event the handle passes to a subscription, or rejects after ms. */
function nextEvent(subscribe, ms = 15000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
    subscribe((message) => {
      clearTimeout(timer);
      resolve(message);
    });
  });
}

test('the Ditto JavaScript client works unchanged over /ws/2', async () => {
  const manager = client(USERS.manager);
  const id = `cz.wujin:ditto-js-${Date.now()}`;
  try {
    const things = manager.getThingsHandle();
    const created = await things.createThing(Thing.fromObject({ thingId: id, attributes: { floor: 3, use: 'meeting' } }));
    assert.equal(created.status, 201, 'create answers 201 Created');

    const read = await things.getThing(id);
    assert.equal(read.thingId, id);
    assert.equal(read.attributes.floor, 3);

    const events = manager.getEventsHandle();
    await events.requestEvents();
    const changed = nextEvent((callback) => events.subscribeToThing(id, callback));
    const modified = await things.putAttribute(id, 'floor', 4);
    assert.equal(modified.status, 204, 'modifying an existing attribute answers 204');
    const event = await changed;
    assert.match(event.topic, /\/things\/twin\/events\/modified$/);
    assert.equal(event.path, '/attributes/floor');
    assert.equal(event.value, 4);

    const stored = await http(`/api/2/things/${id}/attributes/floor`, USERS.manager);
    assert.deepEqual(stored, { status: 200, body: 4 }, 'the change is in the registry, as HTTP reads it');

    await assert.rejects(things.getThing(`cz.wujin:ditto-js-missing-${Date.now()}`), (error) => {
      assert.equal(error.status, 404);
      assert.equal(error.error, 'things:thing.notfound');
      return true;
    });

    await things.deleteThing(id);
    assert.equal((await http(`/api/2/things/${id}`, USERS.manager)).status, 404, 'deleted over the WebSocket');
  } finally {
    manager.close();
  }
});

test('a user of another organisation gets Ditto\'s not-found over /ws/2, and changes nothing', async () => {
  const id = `cz.wujin:ditto-js-other-${Date.now()}`;
  const manager = client(USERS.manager);
  const other = client(USERS.xinbei);
  try {
    await manager.getThingsHandle().createThing(Thing.fromObject({ thingId: id, attributes: { floor: 1 } }));
    await assert.rejects(other.getThingsHandle().getThing(id), (error) => {
      assert.equal(error.status, 404, 'a twin outside the caller\'s organisations does not exist for it');
      return true;
    });
    await assert.rejects(other.getThingsHandle().putAttribute(id, 'floor', 9), (error) => {
      assert.ok(error.status === 404 || error.status === 403, `refused, not ${error.status}`);
      return true;
    });
    const stored = await http(`/api/2/things/${id}/attributes/floor`, USERS.manager);
    assert.deepEqual(stored, { status: 200, body: 1 }, 'the refused write changed nothing');
    await manager.getThingsHandle().deleteThing(id);
  } finally {
    manager.close();
    other.close();
  }
});
