// An in-memory item store. Ids are "1", "2", ... in creation order.
class Store {
  constructor() {
    this.items = new Map();
    this.nextId = 1;
  }

  list() {
    return [...this.items.values()];
  }

  get(id) {
    return this.items.get(id) || null;
  }

  create({ name, price }) {
    const item = { id: String(this.nextId++), name, price };
    this.items.set(item.id, item);
    return item;
  }
}

module.exports = { Store };
