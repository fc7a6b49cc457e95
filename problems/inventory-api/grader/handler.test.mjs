import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { candidate } from './assay_unittest.mjs';

function handler() {
  const { createHandler } = candidate('main.js');
  return createHandler();
}

const post = (handle, body) => handle({ method: 'POST', path: '/items', body: JSON.stringify(body) });

describe('GET /items', () => {
  test('lists nothing at first', async () => {
    const response = await handler()({ method: 'GET', path: '/items', body: '' });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { items: [] });
  });

  test('lists created items in order', async () => {
    const handle = handler();
    await post(handle, { name: 'Mug', price: 1250 });
    await post(handle, { name: 'Tea', price: 399 });
    const response = await handle({ method: 'GET', path: '/items', body: '' });
    assert.deepEqual(response.body.items.map((item) => item.name), ['Mug', 'Tea']);
  });
});

describe('POST /items', () => {
  test('creates an item', async () => {
    const response = await post(handler(), { name: 'Mug', price: 1250 });
    assert.equal(response.status, 201);
    assert.deepEqual(response.body, { id: '1', name: 'Mug', price: 1250 });
    assert.equal(response.headers.location, '/items/1');
  });

  test('trims the name', async () => {
    const response = await post(handler(), { name: '  Mug ', price: 0 });
    assert.equal(response.body.name, 'Mug');
  });

  test('refuses invalid items', async () => {
    const handle = handler();
    for (const body of [{ name: '', price: 1 }, { name: 'x'.repeat(51), price: 1 }, { name: 'Mug', price: -1 },
      { name: 'Mug', price: 1.5 }, { name: 'Mug' }, { price: 3 }, [], null]) {
      const response = await post(handle, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(typeof response.body.error, 'string');
    }
  });

  test('refuses a body that is not JSON', async () => {
    const response = await handler()({ method: 'POST', path: '/items', body: '{name: Mug' });
    assert.equal(response.status, 400);
  });
});

describe('GET /items/:id', () => {
  test('returns the item', async () => {
    const handle = handler();
    await post(handle, { name: 'Mug', price: 1250 });
    const response = await handle({ method: 'GET', path: '/items/1', body: '' });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { id: '1', name: 'Mug', price: 1250 });
  });

  test('404 for an unknown id', async () => {
    const response = await handler()({ method: 'GET', path: '/items/42', body: '' });
    assert.equal(response.status, 404);
  });
});

describe('routing', () => {
  test('405 with Allow for a wrong method', async () => {
    const handle = handler();
    const response = await handle({ method: 'DELETE', path: '/items', body: '' });
    assert.equal(response.status, 405);
    assert.match(response.headers.allow, /GET/);
    assert.match(response.headers.allow, /POST/);
    assert.equal((await handle({ method: 'PUT', path: '/items/1', body: '' })).status, 405);
  });

  test('404 for an unknown path', async () => {
    const handle = handler();
    for (const path of ['/', '/item', '/items/1/extra', '/users']) {
      assert.equal((await handle({ method: 'GET', path, body: '' })).status, 404, path);
    }
  });

  test('ignores the query string', async () => {
    const response = await handler()({ method: 'GET', path: '/items?page=2', body: '' });
    assert.equal(response.status, 200);
  });
});
