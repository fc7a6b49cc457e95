function validateItem(item) {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return 'the body must be a JSON object';
  if (typeof item.name !== 'string' || item.name.trim() === '' || item.name.length > 50) {
    return 'name must be a non-empty string of at most 50 characters';
  }
  if (!Number.isInteger(item.price) || item.price < 0) return 'price must be a whole number of cents, 0 or more';
  return null;
}

module.exports = { validateItem };
