const { Store } = require('./store');
const { validateItem } = require('./validate');

// createHandler returns the request handler: async (request) => response, where
// request = { method, path, body } (body: the raw text, or '') and
// response = { status, headers, body } (body: an object, serialised by the server).
function createHandler(store = new Store()) {
  return async function handle(request) {
    // TODO
    return { status: 500, headers: {}, body: { error: 'not implemented' } };
  };
}

module.exports = { createHandler };
