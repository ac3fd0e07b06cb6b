'use strict';
// The browsers of the socket.io peer, as SockJsLoadClient is Mariposa's: `sockets` socket.io-client
// connections (websocket transport only) that each emit `subscribe` BENCHUSDT and record, for every
// `ticker` whose `m` is true, now − its `t` (the sender's CLOCK_MONOTONIC ns, the clock of
// process.hrtime.bigint() in every process of the machine) in an HdrHistogram, in µs.
// The sockets are spread over `workers` child processes (2 by default, as SockJsLoadClient runs 2
// event loops); socket i connects to ports[i % ports.length].
// Prints READY once every socket has received a ticker, then one JSON line when `expected`
// measured frames arrived or `seconds` + 15 s passed after the first: measured, expected, frames,
// p50, p99, p999, max (µs) and cores (the workers' process.cpuUsage() from their first measured
// frame to the end, over that time, summed).
//
//   node client.js --ports P[,P2] --sockets N --expected E --seconds S [--workers 2]
const { fork } = require('node:child_process');

const HIGHEST = 30_000_000; // µs, as SockJsLoadClient's Histogram(30 s, 3)

function args(argv) {
  const out = {};
  for (let i = 2; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function worker(opts) {
  const { io } = require('socket.io-client');
  const hdr = require('hdr-histogram-js');
  const ports = opts.ports.split(',').map(Number);
  const first = Number(opts.first);
  const count = Number(opts.count);
  const hist = hdr.build({ highestTrackableValue: HIGHEST, numberOfSignificantValueDigits: 3, autoResize: false });
  const seen = new Uint8Array(count);
  const state = { seen: 0, failed: 0, measured: 0, frames: 0, connected: false };
  let cpu0 = null;
  let wall0 = 0n;
  const sockets = [];
  let batch = [];
  for (let n = 0; n < count; n++) {
    const s = io(`http://127.0.0.1:${ports[(first + n) % ports.length]}`, {
      transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000,
    });
    sockets.push(s);
    batch.push(new Promise((resolve) => {
      s.once('connect', () => {
        s.emit('subscribe', 'BENCHUSDT');
        resolve();
      });
      s.once('connect_error', () => {
        state.failed++;
        resolve();
      });
    }));
    s.on('ticker', (tick) => {
      state.frames++;
      if (!seen[n]) {
        seen[n] = 1;
        state.seen++;
      }
      if (tick.m) {
        const now = process.hrtime.bigint();
        const us = Math.floor((Number(now) - tick.t) / 1000);
        hist.recordValue(Math.min(HIGHEST, Math.max(0, us)));
        if (state.measured++ === 0) {
          cpu0 = process.cpuUsage();
          wall0 = now;
          process.send({ first: true });
        }
      }
    });
    if (n % 50 === 49) { // connects 50 at a time, as SockJsLoadClient
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
  state.connected = true;
  const report = setInterval(() => process.send({ state }), 50);
  process.send({ state });
  process.on('message', (msg) => {
    if (msg.cmd !== 'end') return;
    clearInterval(report);
    const cpu = process.cpuUsage(cpu0 || undefined);
    const wall = cpu0 ? Number(process.hrtime.bigint() - wall0) / 1e3 : 0;
    process.send({
      result: {
        hist: hdr.encodeIntoCompressedBase64(hist),
        cores: wall > 0 ? (cpu.user + cpu.system) / wall : 0,
        measured: state.measured,
        frames: state.frames,
      },
    });
    for (const s of sockets) s.disconnect();
  });
  process.on('disconnect', () => process.exit(0));
}

async function main(opts) {
  const hdr = require('hdr-histogram-js');
  const sockets = Number(opts.sockets);
  const expected = Number(opts.expected);
  const seconds = Number(opts.seconds);
  const workers = Math.max(1, Math.min(sockets, Number(opts.workers || 2)));
  const children = [];
  const states = [];
  let firstAt = 0n;
  for (let k = 0; k < workers; k++) {
    const first = Math.floor((sockets * k) / workers);
    const count = Math.floor((sockets * (k + 1)) / workers) - first;
    const child = fork(__filename, ['--worker', '1', '--ports', opts.ports, '--first', String(first), '--count', String(count)],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    states.push({ seen: 0, failed: 0, measured: 0, frames: 0, connected: false });
    child.on('message', (msg) => {
      if (msg.state) states[k] = msg.state;
      if (msg.first && firstAt === 0n) firstAt = process.hrtime.bigint();
    });
    children.push(child);
  }
  const sum = (key) => states.reduce((a, s) => a + s[key], 0);
  let deadline = Date.now() + 120_000;
  while (!states.every((s) => s.connected) && Date.now() < deadline) await sleep(20);
  deadline = Date.now() + 60_000;
  while (sum('seen') < sockets - sum('failed') && Date.now() < deadline) await sleep(20);
  console.log(`READY ${sum('seen')} of ${sockets} sockets receiving (${sum('failed')} failed to connect)`);
  // Waits for the first measured frame, then for the rest.
  deadline = Date.now() + 60_000;
  while (firstAt === 0n && Date.now() < deadline) await sleep(1);
  const end = (firstAt || process.hrtime.bigint()) + BigInt(seconds + 15) * 1_000_000_000n;
  while (sum('measured') < expected && process.hrtime.bigint() < end) await sleep(5);
  // A worker that died (out of memory under a backlog, for one) gives no result: the others count.
  const results = (await Promise.all(children.map((child) => new Promise((resolve) => {
    child.on('message', (msg) => msg.result && resolve(msg.result));
    child.on('exit', () => resolve(null));
    child.on('error', () => resolve(null));
    if (child.connected) child.send({ cmd: 'end' }); else resolve(null);
  })))).filter(Boolean);
  if (results.length < children.length) console.error(`${children.length - results.length} load worker(s) died`);
  const all = hdr.build({ highestTrackableValue: HIGHEST, numberOfSignificantValueDigits: 3, autoResize: false });
  for (const r of results) all.add(hdr.decodeFromCompressedBase64(r.hist));
  console.log(JSON.stringify({
    measured: all.totalCount,
    expected,
    frames: results.reduce((a, r) => a + r.frames, 0),
    p50: all.getValueAtPercentile(50),
    p99: all.getValueAtPercentile(99),
    p999: all.getValueAtPercentile(99.9),
    max: all.maxValue,
    cores: results.reduce((a, r) => a + r.cores, 0),
  }));
  for (const child of children) if (child.connected) child.disconnect();
}

const opts = args(process.argv);
(opts.worker ? worker(opts) : main(opts)).catch((e) => {
  console.error(e);
  process.exit(1);
});
