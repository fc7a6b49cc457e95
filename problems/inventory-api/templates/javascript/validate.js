// Checks the body of POST /items; returns an error message, or null when the item is valid.
function validateItem(item) {
  // TODO
  return null;
}

module.exports = { validateItem };
