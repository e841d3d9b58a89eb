// What every network suite shares: a testnet created before the first test and always torn down
// after the last (kept on failure or with KEEP_TESTNET=1), a watchdog that kills the nodes if the
// whole file runs too long, a report written at the end, and steps whose failure prints the
// network's state and the nodes' log tails.
import { test, before, after } from 'node:test';
import { writeFileSync } from 'node:fs';
import { Testnet, NAMES } from './testnet.js';

/**
 * Declares the suite's hooks; returns `{ report, step }` and calls `onStart(net)` once the testnet
 * exists. `name` labels the watchdog's message, `limitMs` bounds the file, `reportFile` receives
 * `report` as JSON, `nodes` are the logs shown on failure, `onEnd()` runs before the teardown.
 */
export function networkSuite({ name, limitMs, reportFile, nodes = NAMES, onStart, onEnd }) {
  let net;
  let failed = false;
  const report = {};
  const watchdog = setTimeout(() => {
    console.error(`${name} suite exceeded ${limitMs / 1000} s; killing the nodes (logs kept in ${net?.dir})`);
    net?.killAllSync();
    process.exit(1);
  }, limitMs);
  watchdog.unref();

  before(async () => {
    net = await Testnet.create();
    await onStart?.(net);
  });

  after(async () => {
    clearTimeout(watchdog);
    await onEnd?.().catch(() => {});
    writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    const keep = failed || process.env.KEEP_TESTNET === '1';
    if (net) await net.teardown({ keep });
    if (keep && net) console.log(`# run directory kept: ${net.dir}`);
  });

  /** A test whose failure prints the network's state and every node's log tail. */
  function step(title, fn) {
    test(title, async (t) => {
      try {
        await fn(t);
      } catch (err) {
        failed = true;
        t.diagnostic(await net.describe());
        for (const n of nodes) {
          t.diagnostic(`--- ${n}.log (tail)`);
          for (const line of net.logTail(n, 15).split('\n')) t.diagnostic(line);
        }
        throw err;
      }
    });
  }

  return { report, step };
}
