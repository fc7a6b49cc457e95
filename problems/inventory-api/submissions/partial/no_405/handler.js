const { Store } = require('./store');
const { validateItem } = require('./validate');

const json = (status, body, headers = {}) => ({ status, headers: { 'content-type': 'application/json', ...headers }, body });

function createHandler(store = new Store()) {
  const routes = [
    { pattern: /^\/items$/, methods: {
      GET: () => json(200, { items: store.list() }),
      POST: (request) => {
        let item;
        try {
          item = JSON.parse(request.body || '');
        } catch {
          return json(400, { error: 'the body is not valid JSON' });
        }
        const problem = validateItem(item);
        if (problem) return json(400, { error: problem });
        const created = store.create({ name: item.name.trim(), price: item.price });
        return json(201, created, { location: `/items/${created.id}` });
      },
    } },
    { pattern: /^\/items\/([^/]+)$/, methods: {
      GET: (request, id) => {
        const item = store.get(id);
        return item ? json(200, item) : json(404, { error: `no item ${id}` });
      },
    } },
  ];
  return async function handle(request) {
    const path = (request.path || '').split('?')[0];
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const action = route.methods[request.method];
      if (!action) return json(404, { error: 'not found' });
      return action(request, ...match.slice(1));
    }
    return json(404, { error: 'not found' });
  };
}

module.exports = { createHandler };
