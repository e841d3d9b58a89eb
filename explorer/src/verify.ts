// Verification in the browser: a batch record against its anchored batch (the Merkle proof is
// checked here, with the chain's own tree rules), and a receipt, offline, against the chain spec.
import { verify as verifyRecord, verifyReceipt, ReceiptError } from '@provenance-chain/client';
import type { Rpc } from './rpc';
import type { BatchView } from './views';
import { el, problem } from './dom';

function result(testid: string): HTMLElement {
  return el('p', { class: 'result', 'data-testid': testid, role: 'status' });
}

function show(target: HTMLElement, ok: boolean, text: string): void {
  target.className = `result ${ok ? 'valid' : 'invalid'}`;
  target.textContent = text;
}

export function verifyPage(page: HTMLElement, rpc: Rpc): void {
  const batchId = el('input', { id: 'batch-id', inputmode: 'numeric', placeholder: 'batch id', 'aria-label': 'Batch id' });
  const record = el('textarea', { id: 'record', rows: '6', placeholder: '{"modelId": 1, "inputHash": "0x…", "outputHash": "0x…", "paramsHash": "0x…"}', 'aria-label': 'Record' });
  const proof = el('textarea', { id: 'proof', rows: '6', placeholder: '{"leafIndex": 0, "siblings": ["0x…"]} (or a whole `provenance batch prove` output)', 'aria-label': 'Proof' });
  const batchResult = result('batch-result');
  const checkBatch = el('button', { type: 'button', id: 'check-batch' }, 'Verify the record');
  checkBatch.addEventListener('click', async () => {
    try {
      const parsedRecord = JSON.parse(record.value);
      const parsedProof = JSON.parse(proof.value);
      const rec = parsedRecord.record ?? parsedRecord;
      const prf = parsedProof.proof ?? parsedProof;
      const id = Number(batchId.value);
      if (!Number.isSafeInteger(id) || batchId.value.trim() === '') throw new Error('give the batch id');
      const batch = await rpc.call<BatchView | null>('provenance_getBatch', [id]);
      if (!batch) { show(batchResult, false, `invalid: batch ${id} is not anchored on this chain`); return; }
      const ok = verifyRecord(batch.root, batch.count, rec, prf);
      show(batchResult, ok, ok
        ? `valid: the record at leaf ${prf.leafIndex} is in batch ${id} (model ${batch.modelId}, ${batch.count} records, root ${batch.root})`
        : `invalid: this record and proof do not lead to batch ${id}'s root ${batch.root}`);
    } catch (e) {
      show(batchResult, false, `invalid input: ${(e as Error).message}`);
    }
  });

  const receiptFile = el('input', { type: 'file', id: 'receipt-file', accept: '.json,application/json', 'aria-label': 'Receipt file' });
  const specFile = el('input', { type: 'file', id: 'spec-file', accept: '.json,application/json', 'aria-label': 'Chain spec file' });
  const receiptResult = result('receipt-result');
  const checkReceipt = async () => {
    const file = receiptFile.files?.[0];
    if (!file) return;
    show(receiptResult, true, 'verifying…');
    try {
      const spec = specFile.files?.[0]
        ? JSON.parse(await specFile.files[0].text())
        : await (await fetch('./chain-spec.json')).json();
      const started = performance.now();
      const verified = verifyReceipt(await file.text(), spec);
      show(receiptResult, true, `valid receipt (${(performance.now() - started).toFixed(0)} ms, offline): ${verified.statement}`);
    } catch (e) {
      if (e instanceof ReceiptError) show(receiptResult, false, `invalid receipt (${e.class}): ${e.message}`);
      else show(receiptResult, false, `cannot verify: ${(e as Error).message}`);
    }
  };
  receiptFile.addEventListener('change', checkReceipt);
  specFile.addEventListener('change', checkReceipt);

  page.replaceChildren(
    el('h1', {}, 'Verify'),
    el('h2', {}, 'A record of an inference batch'),
    el('p', { class: 'muted' }, 'Paste a record and its Merkle proof (as `provenance batch prove` writes them). The proof is checked here, in your browser, against the root the chain anchored.'),
    el('div', { class: 'form' }, batchId, record, proof, checkBatch),
    batchResult,
    el('h2', {}, 'A receipt'),
    el('p', { class: 'muted' }, 'A receipt (`provenance receipt …`) is checked entirely in your browser, with no node: against this chain\'s spec, or the raw chain spec you give.'),
    el('div', { class: 'form' }, el('label', {}, 'Receipt ', receiptFile), el('label', {}, 'Chain spec (optional) ', specFile)),
    receiptResult,
    rpc ? '' : problem('No node configured.'),
  );
}
