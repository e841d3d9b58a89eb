// Explorer benchmark, in headless Chromium (playwright-core) against a real dev node:
//   1. a model page whose lineage has 100 ancestor models: time from navigation to the drawn
//      graph (page load, RPC answers, layout), median of 5 fresh page loads, and the layout alone;
//   2. hashing a 1 GiB file in the page (streamed SHA-256, @noble/hashes) against the CLI
//      (`provenance hash FILE`, one file: one core), each run twice, the second (warm cache) kept.
// Run: scripts/bench-explorer.sh (builds what is missing). Figures: docs/PERFORMANCE.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startNode } from '../../tests/e2e/lib/node.js';
import { dev, uniqueHash, license } from '../../tests/e2e/lib/chain.js';
import { cliBinary } from '../../tests/e2e/lib/receipts.js';
import { serve } from '../../explorer/serve.mjs';

const ANCESTORS = Number(process.env.ANCESTORS || 100);
const FILE_MIB = Number(process.env.FILE_MIB || 1024);
const dir = mkdtempSync(join(tmpdir(), 'provenance-explorer-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const report = { date: new Date().toISOString(), ancestors: ANCESTORS, fileMiB: FILE_MIB };

const node = await startNode();
const { server, url } = await serve({ root: new URL('../../explorer/dist/', import.meta.url).pathname });
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1200, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // A chain of ANCESTORS + 1 models, all sent at once with consecutive nonces (each names the
  // model registered just before it, in the same or an earlier block).
  const { api } = node;
  const alice = dev('Alice');
  const first = (await api.query.models.nextModelId()).toNumber();
  let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  let last;
  for (let i = 0; i <= ANCESTORS; i++) {
    const parents = i === 0 ? [] : [[first + i - 1, 'FineTune']];
    const tx = api.tx.models.register(uniqueHash(`m${i}`), uniqueHash('c'), 'hf://org/m', license(), '{}', parents, [], null);
    last = new Promise((resolve, reject) => {
      tx.signAndSend(alice, { nonce: nonce++ }, ({ status, dispatchError }) => {
        if (dispatchError) reject(new Error(dispatchError.toString()));
        if (status.isFinalized) resolve();
      }).catch(reject);
    });
  }
  await last;
  const top = first + ANCESTORS;

  const page = context.pages()[0] ?? await context.newPage();
  const loads = [];
  const layouts = [];
  for (let run = 0; run < 5; run++) {
    await page.goto('about:blank');
    const t0 = Date.now();
    await page.goto(`${url}?rpc=ws://127.0.0.1:${node.rpcPort}#/model/${top}`);
    await page.waitForFunction(() => document.querySelector('[data-testid=lineage-graph]')?.dataset.nodes, null, { timeout: 60_000 });
    loads.push(Date.now() - t0);
    layouts.push(Number(await page.getByTestId('lineage-graph').getAttribute('data-render-ms')));
  }
  report.lineage = {
    nodes: Number(await page.getByTestId('lineage-graph').getAttribute('data-nodes')),
    firstRenderMsMedian: median(loads), firstRenderMs: loads, layoutMsMedian: median(layouts),
  };

  // A FILE_MIB file of random bytes.
  const file = join(dir, 'weights.bin');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 << 20);
  for (let written = 0; written < FILE_MIB << 20; written += chunk.length) writeSync(fd, randomFillSync(chunk));
  closeSync(fd);
  const cliRuns = [];
  for (let run = 0; run < 2; run++) {
    const t0 = process.hrtime.bigint();
    execFileSync(cliBinary(), ['hash', file, '--json', '--quiet']);
    cliRuns.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const browserRuns = [];
  for (let run = 0; run < 2; run++) {
    await page.goto('about:blank');
    await page.goto(`${url}?rpc=ws://127.0.0.1:${node.rpcPort}#/drop`);
    await page.waitForFunction(() => document.body.dataset.ready === '#/drop');
    await page.locator('#file-input').setInputFiles(file);
    await page.getByTestId('drop-speed').waitFor({ timeout: 600_000 });
    browserRuns.push(Number(await page.getByTestId('drop-speed').getAttribute('data-mb-per-s')));
  }
  const cliMBps = (FILE_MIB * 1048576) / cliRuns[1] / 1e6;
  report.hashing = {
    cliSeconds: cliRuns, cliMBps: Math.round(cliMBps), browserMBps: browserRuns,
    browserShareOfCli: Math.round((browserRuns[1] / cliMBps) * 100) / 100,
  };
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(process.env.EXPLORER_BENCH_REPORT || join(tmpdir(), 'provenance-explorer-bench.json'), JSON.stringify(report, null, 2));
} finally {
  await context.close();
  server.close();
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
}
