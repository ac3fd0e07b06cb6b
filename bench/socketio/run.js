'use strict';
// The socket.io peer of SockJsFanoutBench, run the same way: instance A (server.js --role emitter,
// no client sockets) emits tickers to a room at a fixed rate; instance B (server.js --role holder)
// holds the client sockets and gets A's emits only through Redis, via the Redis adapter. Per run,
// client.js opens the sockets to B; A emits 50 unmeasured ticks/s until every socket receives,
// then 2 s at the rate unmeasured (warm-up), then `seconds` at the rate measured. Server CPU is
// read from /proc/<pid>/stat for A, B and the redis-server over the measured emission.
// Prints every run and the medians as Markdown (logs on stderr).
//
//   node run.js --redis URL [--redis-pid PID] [--seconds 8] [--repeats 3] [--sockets 1000]
//               [--rates 100,1000] [--modes volatile,plain] [--workers 2] [--holders 1]
const { fork } = require('node:child_process');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const PATHS = {
  volatile: 'socket.io A → Redis adapter → B, volatile emit',
  plain: 'socket.io A → Redis adapter → B, plain emit',
};

function args(argv) {
  const out = {};
  for (let i = 2; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** utime + stime of a process, in seconds (all its threads). */
function cpuSeconds(pid) {
  if (!pid) return 0;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // fields 14 and 15 of stat(5)
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const fmt = (n) => n.toLocaleString('en-US');

function startServer(role, redis) {
  const child = fork(path.join(__dirname, 'server.js'), ['--role', role, '--port', '0', '--redis', redis],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (msg) => resolve({ child, port: msg.listening }));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

let paceId = 0;
function pace(a, mode, rate, seconds, measured) {
  const id = ++paceId;
  return new Promise((resolve) => {
    const onMessage = (msg) => {
      if (msg.paced === id) {
        a.child.off('message', onMessage);
        resolve();
      }
    };
    a.child.on('message', onMessage);
    a.child.send({ cmd: 'pace', id, mode, rate, seconds, measured });
  });
}

/** The child's next stdout line starting with `prefix`. */
function line(lines, prefix) {
  return new Promise((resolve, reject) => {
    const onLine = (l) => {
      if (l.startsWith(prefix)) {
        lines.off('line', onLine);
        lines.off('close', onClose);
        resolve(l);
      }
    };
    const onClose = () => reject(new Error(`the load client ended before printing ${prefix}`));
    lines.on('line', onLine);
    lines.once('close', onClose);
  });
}

async function main() {
  const opts = args(process.argv);
  const seconds = Number(opts.seconds || 8);
  const repeats = Number(opts.repeats || 3);
  const sockets = Number(opts.sockets || 1000);
  const rates = (opts.rates || '100,1000').split(',').map(Number);
  const modes = (opts.modes || 'volatile,plain').split(',');
  const workers = Number(opts.workers || 2);
  const holders = Number(opts.holders || 1);
  const redis = opts.redis || 'redis://127.0.0.1:6379';
  const redisPid = Number(opts['redis-pid'] || 0);

  const a = await startServer('emitter', redis);
  const bs = [];
  for (let i = 0; i < holders; i++) bs.push(await startServer('holder', redis));
  const ports = bs.map((b) => b.port).join(',');
  const results = new Map();
  try {
    console.log('| run | path | ticks/s | sockets | frames measured / expected | p50 µs | p99 µs | p99.9 µs | max µs | server cores (A + B) | A cores | B cores | redis-server cores | clients cores |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (let r = 1; r <= repeats; r++) {
      for (const rate of rates) {
        for (const mode of modes) {
          const expected = rate * seconds * sockets;
          const client = fork(path.join(__dirname, 'client.js'), ['--ports', ports, '--sockets', String(sockets),
            '--expected', String(expected), '--seconds', String(seconds), '--workers', String(workers)],
          { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
          const lines = readline.createInterface({ input: client.stdout });
          a.child.send({ cmd: 'warm', mode });
          const ready = line(lines, 'READY');
          const json = line(lines, '{');
          console.error(await ready);
          a.child.send({ cmd: 'stop' });
          await pace(a, mode, rate, 2, false);
          const pids = [a.child.pid, ...bs.map((b) => b.child.pid), redisPid];
          const cpu0 = pids.map(cpuSeconds);
          const t0 = process.hrtime.bigint();
          await pace(a, mode, rate, seconds, true);
          const wall = Number(process.hrtime.bigint() - t0) / 1e9;
          const cores = pids.map((pid, i) => (cpuSeconds(pid) - cpu0[i]) / wall);
          const aCores = cores[0];
          const bCores = cores.slice(1, 1 + holders).reduce((x, y) => x + y, 0);
          const redisCores = redisPid ? cores[cores.length - 1] : NaN;
          const result = JSON.parse(await json);
          await new Promise((resolve) => {
            if (client.exitCode !== null) resolve();
            else client.once('exit', resolve);
          });
          const p = PATHS[mode] + (holders > 1 ? ` (${holders} B processes)` : '');
          console.log(`| ${r} | ${p} | ${fmt(rate)} | ${fmt(sockets)} | ${fmt(result.measured)} / ${fmt(expected)} | ${result.p50} | ${result.p99} | ${result.p999} | ${result.max} | ${(aCores + bCores).toFixed(2)} | ${aCores.toFixed(2)} | ${bCores.toFixed(2)} | ${redisCores.toFixed(2)} | ${result.cores.toFixed(2)} |`);
          const key = `${p}|${rate}`;
          if (!results.has(key)) results.set(key, []);
          results.get(key).push([result.measured / expected, result.p50, result.p99, result.p999,
            aCores + bCores, aCores, bCores, redisCores, result.cores]);
          await sleep(2000); // the closed sockets leave
        }
      }
    }
    console.log();
    console.log('| path | ticks/s | sockets | delivered | p50 µs | p99 µs | p99.9 µs | server cores (A + B) | A cores | B cores | redis-server cores | clients cores |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const [key, runs] of results) {
      const [p, rate] = key.split('|');
      const m = runs[0].map((_, i) => median(runs.map((run) => run[i])));
      console.log(`| ${p} | ${fmt(Number(rate))} | ${fmt(sockets)} | ${(m[0] * 100).toFixed(1)}% | ${Math.round(m[1])} | ${Math.round(m[2])} | ${Math.round(m[3])} | ${m[4].toFixed(2)} | ${m[5].toFixed(2)} | ${m[6].toFixed(2)} | ${m[7].toFixed(2)} | ${m[8].toFixed(2)} |`);
    }
  } finally {
    for (const s of [a, ...bs]) s.child.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
