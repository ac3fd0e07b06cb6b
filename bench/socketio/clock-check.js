'use strict';
// Checks that process.hrtime.bigint() in Node and System.nanoTime() in a Java process read one
// clock (CLOCK_MONOTONIC), so that receive − send across the two runtimes is a latency.
// Ping-pong with a child JVM: Node reads its clock (a), asks the JVM for System.nanoTime() (j) and
// reads its clock again (b) when the answer arrives; with one clock, a ≤ j ≤ b every time.
// Usage: node clock-check.js [rounds]   (needs `java` on PATH; prints one JSON line)
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const rounds = Number(process.argv[2] || 2000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clock-check-'));
const source = path.join(dir, 'Clock.java');
fs.writeFileSync(source, `
public class Clock {
  public static void main(String[] args) throws Exception {
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
    while (in.readLine() != null) {
      System.out.println(System.nanoTime());
      System.out.flush();
    }
  }
}
`);
const java = spawn('java', [source], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = readline.createInterface({ input: java.stdout });
let a = 0n;
let i = 0;
let violations = 0;
let worst = 0n; // the largest distance of j outside [a, b], ns
let widest = 0n;
const widths = [];
function ask() {
  a = process.hrtime.bigint();
  java.stdin.write('\n');
}
lines.on('line', (line) => {
  const b = process.hrtime.bigint();
  const j = BigInt(line);
  if (j < a || j > b) {
    violations++;
    const off = j < a ? a - j : j - b;
    if (off > worst) worst = off;
  }
  if (b - a > widest) widest = b - a;
  widths.push(Number(b - a));
  if (++i < rounds) {
    ask();
  } else {
    java.stdin.end();
    widths.sort((x, y) => x - y);
    console.log(JSON.stringify({
      rounds,
      violations,
      worstOutsideNs: Number(worst),
      medianWindowUs: Math.round(widths[widths.length >> 1] / 1000),
      widestWindowUs: Math.round(Number(widest) / 1000),
      nodeMinusUptimeMs: Math.round(Number(process.hrtime.bigint()) / 1e6
        - Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000),
    }));
  }
});
java.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
ask();
