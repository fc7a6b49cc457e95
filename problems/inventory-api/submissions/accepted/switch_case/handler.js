const { Store } = require('./store');
const { validateItem } = require('./validate');

function respond(status, body, extra) {
  return { status, headers: Object.assign({ 'content-type': 'application/json' }, extra || {}), body };
}

function createHandler(store) {
  const items = store || new Store();
  return async function handle({ method, path, body }) {
    const parts = String(path || '').split('?')[0].split('/').filter(Boolean);
    if (parts[0] !== 'items' || parts.length > 2) return respond(404, { error: 'not found' });
    if (parts.length === 1) {
      switch (method) {
        case 'GET':
          return respond(200, { items: items.list() });
        case 'POST': {
          let parsed;
          try {
            parsed = JSON.parse(body || '');
          } catch (e) {
            return respond(400, { error: 'invalid JSON' });
          }
          const error = validateItem(parsed);
          if (error) return respond(400, { error });
          const item = items.create({ name: parsed.name.trim(), price: parsed.price });
          return respond(201, item, { location: '/items/' + item.id });
        }
        default:
          return respond(405, { error: 'method not allowed' }, { allow: 'GET, POST' });
      }
    }
    if (method !== 'GET') return respond(405, { error: 'method not allowed' }, { allow: 'GET' });
    const item = items.get(parts[1]);
    return item ? respond(200, item) : respond(404, { error: 'no such item' });
  };
}

module.exports = { createHandler };
