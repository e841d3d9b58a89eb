// "Is this registered?": a file or folder hashed in the browser with the SPEC's rules (hashing
// v2: SHA-256 per file, native or WebAssembly; the same leaves, exclusions and root as
// `provenance hash`), then looked up by content root.
import { contentRoot, keepFile, sha256Stream } from '@provenance-chain/client';
import { createSHA256 } from 'hash-wasm';
import { u8aToHex } from '@polkadot/util';
import type { Rpc } from './rpc';
import type { DatasetView, ModelView } from './views';
import { el, datasetLink, modelLink, status, problem } from './dom';

interface Picked { path: string; file: File }

/** Walks a dropped directory entry; paths are relative to the dropped item's parent. */
async function walk(entry: FileSystemEntry, prefix: string, out: Picked[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    out.push({ path: `${prefix}${entry.name}`, file });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}

/** Files up to this size are hashed in one call of the browser's native SHA-256 (WebCrypto). */
const ONE_SHOT_MAX = 1536 * 1024 * 1024;
/** Bytes read per slice while the previous slice is hashed (larger files). */
const SLICE = 16 * 1024 * 1024;

/**
 * SHA-256 of a file. Up to 1.5 GiB, in a secure context (https, or http on localhost): the
 * browser's native WebCrypto digest of the whole file (the fastest here, about 230 MB/s with the
 * read). Larger files, or without WebCrypto: 16 MiB slices, the next read while hash-wasm's
 * WebAssembly SHA-256 hashes the current one (constant memory, about 130 MB/s); without
 * WebAssembly, @noble/hashes in JavaScript (about 50 MB/s).
 */
async function sha256File(file: File, progress: (bytes: number) => void): Promise<Uint8Array> {
  if (globalThis.crypto?.subtle && file.size <= ONE_SHOT_MAX) {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    progress(file.size);
    return new Uint8Array(digest);
  }
  const wasm = await createSHA256().catch(() => null);
  const js = wasm ? null : sha256Stream();
  let next = file.slice(0, SLICE).arrayBuffer();
  for (let offset = 0; offset < file.size; offset += SLICE) {
    const bytes = new Uint8Array(await next);
    if (offset + SLICE < file.size) next = file.slice(offset + SLICE, offset + 2 * SLICE).arrayBuffer();
    if (wasm) wasm.update(bytes);
    else js!.update(bytes);
    progress(bytes.length);
  }
  return wasm ? wasm.digest('binary') : js!.digest();
}

/** Files below one top folder: paths without it. A single file: its name. */
function relative(picked: Picked[]): { path: string; file: File }[] {
  const tops = new Set(picked.map((p) => p.path.split('/')[0]));
  const single = picked.length === 1 && !picked[0].path.includes('/');
  if (single) return picked;
  if (tops.size !== 1) throw new Error('drop one file or one folder');
  return picked.map((p) => ({ path: p.path.slice(p.path.indexOf('/') + 1), file: p.file }));
}

export function dropPage(page: HTMLElement, rpc: Rpc): void {
  const zone = el('div', { class: 'dropzone', 'data-testid': 'dropzone' }, 'Drop a file or a folder here');
  const folderInput = el('input', { type: 'file', id: 'folder-input', 'aria-label': 'Choose a folder' });
  folderInput.setAttribute('webkitdirectory', '');
  const fileInput = el('input', { type: 'file', id: 'file-input', 'aria-label': 'Choose a file' });
  const progress = el('progress', { max: '1', value: '0', hidden: '' });
  const out = el('div', { 'data-testid': 'drop-result' });

  async function hashAll(picked: Picked[]): Promise<void> {
    out.replaceChildren();
    let files;
    try { files = relative(picked).filter((f) => keepFile(f.path)); } catch (e) { out.replaceChildren(problem((e as Error).message)); return; }
    if (files.length === 0) { out.replaceChildren(problem('Nothing to hash: the folder is empty or every file is excluded.')); return; }
    const total = files.reduce((sum, f) => sum + f.file.size, 0);
    let done = 0;
    progress.hidden = false;
    const started = performance.now();
    const hashed = [];
    for (const { path, file } of files) {
      const digest = await sha256File(file, (bytes) => {
        done += bytes;
        progress.value = total ? done / total : 1;
      });
      hashed.push({ path, sha256: u8aToHex(digest) });
    }
    const seconds = (performance.now() - started) / 1000;
    const root = contentRoot(hashed);
    const [dataset, model] = await Promise.all([
      rpc.call<DatasetView | null>('provenance_getDatasetByRoot', [root]),
      rpc.call<ModelView | null>('provenance_getModelByRoot', [root]),
    ]);
    const verdict = dataset
      ? el('p', { 'data-testid': 'drop-status', 'data-registered': 'dataset' }, 'Registered as ', datasetLink(dataset.id), ' ', status(dataset.status))
      : model
        ? el('p', { 'data-testid': 'drop-status', 'data-registered': 'model' }, 'Registered as ', modelLink(model.id), ' ', status(model.status))
        : el('p', { 'data-testid': 'drop-status', 'data-registered': 'no' }, 'Not registered on this chain.');
    const speed = seconds > 0 ? total / seconds / 1e6 : 0;
    out.replaceChildren(
      el('p', {}, 'Content root ', el('code', { 'data-testid': 'drop-root' }, root)),
      el('p', { class: 'muted', 'data-testid': 'drop-speed', 'data-mb-per-s': speed.toFixed(1) },
        `${files.length} files, ${total.toLocaleString('en')} bytes hashed in ${seconds.toFixed(2)} s (${speed.toFixed(0)} MB/s), in this browser.`),
      verdict,
    );
  }

  const fromInput = (input: HTMLInputElement) => () => {
    const picked = [...(input.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
    hashAll(picked).catch((e) => out.replaceChildren(problem(`Cannot hash: ${(e as Error).message}`)));
  };
  folderInput.addEventListener('change', fromInput(folderInput));
  fileInput.addEventListener('change', fromInput(fileInput));
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const entries = [...(e.dataTransfer?.items ?? [])].map((i) => i.webkitGetAsEntry()).filter((x): x is FileSystemEntry => !!x);
    (async () => {
      const picked: Picked[] = [];
      for (const entry of entries) await walk(entry, '', picked);
      await hashAll(picked);
    })().catch((err) => out.replaceChildren(problem(`Cannot hash: ${(err as Error).message}`)));
  });

  page.replaceChildren(
    el('h1', {}, 'Is this registered?'),
    el('p', { class: 'muted' }, 'The file or folder is hashed here, in your browser (nothing is uploaded), with the rules `provenance hash` uses, and looked up by its content root.'),
    zone,
    el('div', { class: 'form' }, el('label', {}, 'or a folder ', folderInput), el('label', {}, 'or a file ', fileInput)),
    progress,
    out,
  );
}
