// The local stack's Kinesis emulator, on 127.0.0.1 only (kinesalite's own CLI listens on every
// interface). In memory; streams are ACTIVE at once so `stack init` and the tests need not wait.
'use strict';
const kinesalite = require('kinesalite');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node kinesalite-local.js <port>');
  process.exit(2);
}
const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
server.listen(port, '127.0.0.1', () => console.log('kinesalite listening on 127.0.0.1:' + port));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
