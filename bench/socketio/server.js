'use strict';
// A socket.io server with the Redis adapter (@socket.io/redis-adapter over the `redis` package's
// pub/sub clients): the peer of Mariposa's instances A and B in SockJsFanoutBench.
//
//   node server.js --role emitter --port P --redis URL [--rate R --mode volatile|plain]
//   node server.js --role holder  --port P --redis URL
//
// The holder (B) serves the client sockets: a socket that emits `subscribe` with a symbol joins
// the room `market.ticker.<symbol>`. The emitter (A) holds no sockets and emits tickers to
// that room, so B gets them only through Redis. Forked by run.js, the emitter is driven over IPC
// ({cmd: 'warm'|'stop'|'pace'}); run on its own with --rate, it emits at that rate until killed.
// --port 0 takes a free port; the port is printed (and sent over IPC) once listening.
const http = require('node:http');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');

const ROOM = 'market.ticker.BENCHUSDT';

function args(argv) {
  const out = {};
  for (let i = 2; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}

/** A ticker as the feed publishes it (the fields of SockJsFanoutBench's), plus the sender's clock. */
function ticker(measured) {
  const now = Date.now();
  return {
    symbol: 'BENCHUSDT', bid: 63012.51, bidQty: 1.2345, ask: 63012.52, askQty: 0.873, last: 63012.52,
    open: 62788.0, high: 63350.0, low: 62500.1, volume: 12345.678, quoteVolume: 778123456.12,
    changePct: 0.357, exchangeTime: now, receivedAt: now, source: 'bench',
    // CLOCK_MONOTONIC in ns, the clock of Java's System.nanoTime (a double is exact to 2^53 ns,
    // 104 days of uptime, and within a few ns beyond).
    t: Number(process.hrtime.bigint()),
    m: measured,
  };
}

async function main() {
  const opts = args(process.argv);
  const role = opts.role || 'holder';
  const pub = createClient({ url: opts.redis || 'redis://127.0.0.1:6379' });
  const sub = pub.duplicate();
  pub.on('error', (e) => console.error('redis pub', e.message));
  sub.on('error', (e) => console.error('redis sub', e.message));
  await Promise.all([pub.connect(), sub.connect()]);

  const httpServer = http.createServer();
  const io = new Server(httpServer, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
  io.adapter(createAdapter(pub, sub));
  if (role === 'holder') {
    io.on('connection', (socket) => {
      socket.on('subscribe', (symbol) => socket.join(`market.ticker.${symbol}`));
    });
  }
  await new Promise((resolve) => httpServer.listen(Number(opts.port || 0), '127.0.0.1', resolve));
  const port = httpServer.address().port;
  console.error(`${role} listening on ${port}`);

  const emit = (mode, measured) => {
    const target = mode === 'plain' ? io.to(ROOM) : io.volatile.to(ROOM);
    target.emit('ticker', ticker(measured));
  };
  let warm = null;
  // Emits `rate` ticks a second for `seconds`, catching up every ms (as BenchSupport.pace).
  const pace = (rate, seconds, each) => new Promise((resolve) => {
    const total = rate * seconds;
    const start = process.hrtime.bigint();
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(Number(process.hrtime.bigint() - start) * rate / 1e9));
      while (sent < due) {
        each();
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });

  if (process.send) {
    process.on('message', async (msg) => {
      if (msg.cmd === 'warm') { // unmeasured ticks at 50/s until 'stop'
        clearInterval(warm);
        warm = setInterval(() => emit(msg.mode, false), 20);
      } else if (msg.cmd === 'stop') {
        clearInterval(warm);
        warm = null;
      } else if (msg.cmd === 'pace') {
        await pace(msg.rate, msg.seconds, () => emit(msg.mode, msg.measured));
        process.send({ paced: msg.id });
      }
    });
    process.on('disconnect', () => process.exit(0));
    process.send({ listening: port });
    return;
  }
  console.log(port);
  if (role === 'emitter' && opts.rate) {
    const rate = Number(opts.rate);
    const loop = () => pace(rate, 3600, () => emit(opts.mode || 'volatile', true)).then(loop);
    loop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
