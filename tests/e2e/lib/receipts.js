// Receipts end to end: `provenance receipt …` against a node, then both offline verifiers (the
// CLI's `verify-receipt` and the JS client's `verifyReceipt`) with no node running.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { base64Decode, base64Encode } from '@polkadot/util-crypto';
import { verifyReceipt } from '@provenance-chain/client';
import { targetBinary } from './node.js';

/** Path of the `provenance` CLI: $PROVENANCE_CLI, else the shared cargo target directory. */
export const cliBinary = () => targetBinary('provenance', 'PROVENANCE_CLI');

/** Runs the CLI; resolves with `{ code, stdout, stderr }` (never rejects on a non-zero status). */
export function cli(args, { timeoutMs = 180_000 } = {}) {
  return new Promise((resolve) => {
    execFile(cliBinary(), args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * `provenance receipt <subject…> --out FILE --rpc URL --json`; returns `{ file, bytes, ms, answer }`.
 * `subject` is the command's words, e.g. `['dataset', '3']`.
 */
export async function makeReceipt(subject, file, rpc) {
  const t0 = Date.now();
  const run = await cli(['receipt', ...subject, '--out', file, '--rpc', rpc, '--json']);
  assert.equal(run.code, 0, `provenance receipt ${subject.join(' ')}: ${run.stderr}`);
  return { file, bytes: readFileSync(file).length, ms: Date.now() - t0, answer: JSON.parse(run.stdout) };
}

/**
 * Verifies `file` offline with the CLI and with the JS client against the raw chain spec
 * `specFile`; both must agree. Returns `{ proven, statement, cliMs, jsMs }`.
 */
export async function verifyBoth(file, specFile) {
  const run = await cli(['verify-receipt', file, '--chain-spec', specFile, '--json']);
  assert.equal(run.code, 0, `verify-receipt ${file}: ${run.stdout}${run.stderr}`);
  const byCli = JSON.parse(run.stdout);
  assert.equal(byCli.valid, true);
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const t0 = performance.now();
  const byJs = verifyReceipt(readFileSync(file, 'utf8'), spec);
  const jsMs = performance.now() - t0;
  assert.deepEqual(byJs.proven, byCli.proven, 'the JS client proves what the CLI proves');
  assert.equal(byJs.statement, byCli.statement);
  return { proven: byCli.proven, statement: byCli.statement, cliMs: byCli.verifiedInMs, jsMs };
}

/**
 * Tampered copies of `file` must fail in both verifiers with the same class: a flipped bit in the
 * justification, in a proof node and in the header, a changed owner in the human copy, another
 * subject id. Returns the classes seen.
 */
export async function tamperedFail(file, specFile, dir) {
  const receipt = JSON.parse(readFileSync(file, 'utf8'));
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const flip = (b64, at) => { const bytes = base64Decode(b64); bytes[at % bytes.length] ^= 0x10; return base64Encode(bytes); };
  const cases = {
    justification: (r) => { r.finality.justification = flip(r.finality.justification, 150); },
    header: (r) => { r.finality.header = flip(r.finality.header, 40); },
    proofNode: (r) => { r.stateProof[r.stateProof.length - 1] = flip(r.stateProof[r.stateProof.length - 1], 7); },
    humanCopy: (r) => { r.proven.block.timestamp += 1; },
    subject: (r) => { if ('id' in r.subject) r.subject.id += 1000; else r.subject.modelId += 1000; },
  };
  const classes = {};
  for (const [name, change] of Object.entries(cases)) {
    const tampered = structuredClone(receipt);
    change(tampered);
    const path = join(dir, `tampered-${name}.json`);
    writeFileSync(path, JSON.stringify(tampered));
    const run = await cli(['verify-receipt', path, '--chain-spec', specFile, '--json']);
    assert.equal(run.code, 2, `${name}: the CLI must refuse it (exit 2): ${run.stdout}${run.stderr}`);
    const cliClass = JSON.parse(run.stdout).failure.class;
    assert.throws(() => verifyReceipt(tampered, spec), (e) => e.class === cliClass, `${name}: JS gives ${cliClass} too`);
    classes[name] = cliClass;
  }
  return classes;
}
