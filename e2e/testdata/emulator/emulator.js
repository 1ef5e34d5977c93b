'use strict';
// Starts telegram-test-api, the Bot API emulator, on 127.0.0.1 on a free
// port, for the e2e tests.
//
//   node emulator.js DIR
//
// DIR holds node_modules/telegram-test-api (npm install --prefix DIR). The
// script prints "listening http://127.0.0.1:PORT" once the emulator accepts
// connections, and stops it when its standard input closes or on SIGTERM,
// so it never outlives the test that started it.
const path = require('path');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node emulator.js DIR');
  process.exit(2);
}
const TelegramServer = require(path.join(path.resolve(dir), 'node_modules', 'telegram-test-api'));

async function main() {
  const server = new TelegramServer({ host: '127.0.0.1' });
  // The constructor turns port 0 into its default, 9000; asking the system
  // for a free port instead lets tests run side by side.
  server.config.port = 0;
  await server.start();
  const { port } = server.server.address();
  server.config.apiURL = `http://127.0.0.1:${port}`;
  process.stdout.write(`listening ${server.config.apiURL}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.stop().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
