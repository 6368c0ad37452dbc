// The local stack's Kinesis emulator, on 127.0.0.1 only (kinesalite's own CLI listens on every
// interface). In memory; streams are ACTIVE at once so `stack init` and the tests need not wait.
'use strict';

// kinesalite 3.3.3 never answers GetShardIterator AT_TIMESTAMP when no record of the shard arrived
// at or after the timestamp (a closed parent, a quiet shard): the request hangs until the client
// times out. Kinesis answers with an iterator at the shard's end, as LATEST. The action is wrapped
// here, before kinesalite loads it, to answer the same way.
const kdb = require('kinesalite/db');
const actionPath = require.resolve('kinesalite/actions/getShardIterator');
const atTimestamp = require(actionPath);
require.cache[actionPath].exports = function getShardIterator(store, data, cb) {
  const plain =
    data.ShardIteratorType !== 'AT_TIMESTAMP' ||
    data.Timestamp == null ||
    data.StartingSequenceNumber != null ||
    data.Timestamp * 1000 > Date.now();
  let shardIx;
  try {
    shardIx = kdb.resolveShardId(data.ShardId).shardIx;
  } catch (e) {
    return atTimestamp(store, data, cb);
  }
  if (plain) {
    return atTimestamp(store, data, cb);
  }
  store.getStream(data.StreamName, (err) => {
    if (err) {
      return atTimestamp(store, data, cb);
    }
    let found = false;
    const records = store
      .getStreamDb(data.StreamName)
      .createReadStream({ gt: kdb.shardIxToHex(shardIx), lt: kdb.shardIxToHex(shardIx + 1) });
    records.on('data', (item) => {
      if (!found && item.value.ApproximateArrivalTimestamp >= data.Timestamp) {
        found = true;
        records.destroy();
        atTimestamp(store, data, cb);
      }
    });
    records.on('error', (e) => {
      if (!found) {
        found = true;
        cb(e);
      }
    });
    records.on('end', () => {
      if (!found) {
        found = true;
        atTimestamp(store, Object.assign({}, data, { ShardIteratorType: 'LATEST', Timestamp: undefined }), cb);
      }
    });
  });
};
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
