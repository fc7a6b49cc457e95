// The service's entry point: the HTTP server (not part of this task) calls createHandler once.
module.exports = require('./handler');
