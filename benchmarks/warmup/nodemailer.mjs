// nodemailer in a process of its own, as benchmarks/warmup.sh runs the .NET clients: the time from the process's start
// to the first and second accepted email, msg/s and CPU per message in buckets of sends, and the peak RSS, as one JSON line.
// Arguments: <per-send|pooled> <sink port> <sends> <html file> <text file>
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import nodemailer from "nodemailer";

const [mode, port, sendsText, htmlFile, textFile] = process.argv.slice(2);
const sends = Number(sendsText);
const html = readFileSync(htmlFile, "utf8");
const text = readFileSync(textFile, "utf8");
const options = { host: "127.0.0.1", port: Number(port), secure: false, ignoreTLS: true };
const pooled = mode === "pooled";
const pool = pooled ? nodemailer.createTransport({ ...options, pool: true, maxConnections: 1, maxMessages: Infinity }) : null;
const message = {
  from: '"Hyperswitch" <noreply@bench.example.com>',
  to: "jane.doe@example.com",
  subject: "Verify your email address",
  text,
  html,
};

async function send() {
  if (pooled) {
    await pool.sendMail(message);
    return;
  }
  // A fresh transport and connection per message, as the library's default.
  const transport = nodemailer.createTransport(options);
  await transport.sendMail(message);
  transport.close();
}

// The same buckets as the .NET driver: the last one, sends 10,001 on, is the steady state.
const buckets = [[1, 100], [101, 1000], [1001, 5000], [5001, 10000], [10001, sends]]
  .filter(([from]) => from <= sends)
  .map(([from, to]) => [from, Math.min(to, sends)]);
let sent = 0;
let firstMs = 0;
let secondMs = 0;
let peakRss = process.memoryUsage().rss;
const results = [];
for (const [from, to] of buckets) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (; sent < to; sent++) {
    await send();
    if (sent === 0) firstMs = performance.now();
    else if (sent === 1) secondMs = performance.now();
    if (sent % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const count = to - from + 1;
  results.push({
    from,
    to,
    msgPerSecond: Math.round((count / seconds) * 10) / 10,
    cpuMicrosecondsPerMessage: Math.round((used.user + used.system) / count),
  });
}
pool?.close();
// performance.now() counts from the process's start (timeOrigin).
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({
  client: `nodemailer-${mode}`,
  firstMs: Math.round(firstMs * 10) / 10,
  secondMs: Math.round(secondMs * 10) / 10,
  peakRssMb: Math.round((Math.max(peakRss, maxRss) / 1024 / 1024) * 10) / 10,
  buckets: results,
}));
