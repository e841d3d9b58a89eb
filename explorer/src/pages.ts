// The pages: search, model, dataset. (Verification and folder hashing: verify.ts, drop.ts.)
import type { Rpc } from './rpc';
import type { BatchView, DatasetView, Descendants, InferenceView, Lineage, ModelView, Quote } from './views';
import { el, facts, table, link, modelLink, datasetLink, mono, status, problem, loading, prov } from './dom';
import { drawLineage, lineageTables } from './graph';
import { batchesOfModel, datasetsOf, modelsTrainedOn } from './storage';

const HASH = /^0x[0-9a-fA-F]{64}$/;

function licence(l: DatasetView['license']): string {
  const flags = [
    l.commercialUse ? 'commercial use' : 'no commercial use',
    l.derivativesAllowed ? 'derivatives allowed' : 'no derivatives',
    l.aiTrainingAllowed ? 'AI training allowed' : 'no AI training',
  ];
  return `${l.spdx} (${flags.join(', ')})`;
}

/** What a search text can be: ids, a root or output hash, an account. */
export async function searchPage(page: HTMLElement, rpc: Rpc, query: string): Promise<void> {
  const q = query.trim();
  page.replaceChildren(el('h1', {}, `Search: ${q}`), loading('results'));
  const found: HTMLElement[] = [];
  if (/^\d+$/.test(q)) {
    const id = Number(q);
    const [model, dataset] = await Promise.all([
      rpc.call<ModelView | null>('provenance_getModel', [id]),
      rpc.call<DatasetView | null>('provenance_getDataset', [id]),
    ]);
    if (model) found.push(el('li', {}, modelLink(id), ` — weights ${model.weightsRoot.slice(0, 18)}… `, status(model.status)));
    if (dataset) found.push(el('li', {}, datasetLink(id), ` — root ${dataset.contentRoot.slice(0, 18)}… `, status(dataset.status)));
  } else if (HASH.test(q)) {
    const [dataset, model, claims] = await Promise.all([
      rpc.call<DatasetView | null>('provenance_getDatasetByRoot', [q]),
      rpc.call<ModelView | null>('provenance_getModelByRoot', [q]),
      rpc.call<InferenceView[]>('provenance_inferenceClaims', [q]).catch(() => []),
    ]);
    if (dataset) found.push(el('li', {}, datasetLink(dataset.id), ' has this content root ', status(dataset.status)));
    if (model) found.push(el('li', {}, modelLink(model.id), ' has these weights ', status(model.status)));
    for (const c of claims) {
      found.push(el('li', {}, 'output claimed by ', modelLink(c.modelId), ` (logged by `, mono(c.submitter), ` at block #${c.block})`));
    }
  } else {
    try {
      const [datasets, claimable] = await Promise.all([
        datasetsOf(rpc, q),
        rpc.call<string>('royalties_claimable', [q]),
      ]);
      found.push(el('li', {}, `account `, mono(q), `: ${prov(claimable)} of royalties to claim`));
      for (const id of datasets) found.push(el('li', {}, datasetLink(id), ' is owned by this account'));
    } catch {
      page.replaceChildren(el('h1', {}, 'Search'), problem(`"${q}" is not an id, a 32-byte hash (0x + 64 hex digits) or an account address.`));
      return;
    }
  }
  page.replaceChildren(el('h1', {}, `Search: ${q}`),
    found.length ? el('ul', { 'data-testid': 'results' }, ...found) : el('p', { 'data-testid': 'results' }, 'Nothing on this chain matches.'));
}

export async function modelPage(page: HTMLElement, rpc: Rpc, id: number): Promise<void> {
  page.replaceChildren(loading(`model ${id}`));
  const model = await rpc.call<ModelView | null>('provenance_getModel', [id]);
  if (!model) { page.replaceChildren(problem(`Model ${id} is not registered on this chain.`)); return; }
  const [lineage, descendants, quote, batchIds] = await Promise.all([
    rpc.call<Lineage>('provenance_lineage', [id]),
    rpc.call<Descendants>('provenance_descendants', [{ model: id }]),
    rpc.call<Quote>('royalties_quote', [id, '1000000000000']).catch((e: Error) => e),
    batchesOfModel(rpc, id),
  ]);
  const batches = await Promise.all(batchIds.slice(0, 50).map((b) => rpc.call<BatchView>('provenance_getBatch', [b])));
  const graph = el('div', { id: 'graph', class: 'graph', 'data-testid': 'lineage-graph' });
  page.replaceChildren(
    el('h1', {}, `Model ${id} `, status(model.status)),
    facts([
      ['owner', mono(model.owner)],
      ['weights root', mono(model.weightsRoot)],
      ['config hash', mono(model.configHash)],
      ['where', model.uri || '—'],
      ['licence', licence(model.license)],
      ['parents', model.parents.length ? el('span', {}, ...model.parents.flatMap((p) => [modelLink(p.id), ` (${p.derivation}) `])) : 'none (a base model)'],
      ['trained on', model.datasets.length ? el('span', {}, ...model.datasets.flatMap((d) => [datasetLink(d), ' '])) : 'none declared'],
      ['operators', model.operators.length ? el('span', {}, ...model.operators.map((o) => mono(o))) : 'none'],
      ['registered at', `block #${model.registeredAt}`],
      ['metadata', model.metadata || '—'],
    ]),
    el('h2', {}, 'Lineage'),
    lineage.taintedAncestry ? problem('Some ancestor is retracted or displaced.') : '',
    lineage.truncated ? el('p', { class: 'muted' }, 'The lineage is larger than the node walks; this is the part within its limits.') : '',
    graph,
    lineageTables(lineage),
    el('h2', {}, 'Descendants'),
    descendants.models.length
      ? el('p', { 'data-testid': 'descendants' }, ...descendants.models.flatMap((m) => [modelLink(m), ' ']))
      : el('p', { 'data-testid': 'descendants' }, 'No model is derived from this one.'),
    el('h2', {}, 'Royalty split of a 1 PROV payment'),
    quote instanceof Error
      ? problem(`No split: ${quote.message}`)
      : table(['account', 'receives'], quote.credits.map((c) => [mono(c.account), prov(c.amount)]), { 'data-testid': 'royalties' }),
    el('h2', {}, 'Inference batches'),
    batches.length
      ? table(['batch', 'records', 'root', 'anchored at'], batches.map((b) => [String(b.id), String(b.count), mono(b.root), `block #${b.block}`]), { 'data-testid': 'batches' })
      : el('p', {}, 'No batch anchored.'),
  );
  const drawn = drawLineage(graph, lineage);
  Object.assign(graph.dataset, { nodes: String(drawn.nodes), edges: String(drawn.edges), renderMs: drawn.ms.toFixed(1) });
}

export async function datasetPage(page: HTMLElement, rpc: Rpc, id: number): Promise<void> {
  page.replaceChildren(loading(`dataset ${id}`));
  const dataset = await rpc.call<DatasetView | null>('provenance_getDataset', [id]);
  if (!dataset) { page.replaceChildren(problem(`Dataset ${id} is not registered on this chain.`)); return; }
  const versions: DatasetView[] = [];
  let previous = dataset.previousVersion;
  while (previous !== null && versions.length < 64) {
    const v = await rpc.call<DatasetView | null>('provenance_getDataset', [previous]);
    if (!v) break;
    versions.push(v);
    previous = v.previousVersion;
  }
  const [direct, derived] = await Promise.all([
    modelsTrainedOn(rpc, id),
    rpc.call<Descendants>('provenance_descendants', [{ dataset: id }]),
  ]);
  page.replaceChildren(
    el('h1', {}, `Dataset ${id} `, status(dataset.status)),
    facts([
      ['owner', mono(dataset.owner)],
      ['content root', mono(dataset.contentRoot)],
      ['size', `${dataset.sizeBytes.toLocaleString('en')} bytes`],
      ['where', dataset.uri || '—'],
      ['licence', licence(dataset.license)],
      ['registered at', `block #${dataset.registeredAt}`],
      ['metadata', dataset.metadata || '—'],
    ]),
    el('h2', {}, 'Contributors'),
    table(['account', 'share'], dataset.contributors.map((c) => [mono(c.account), `${c.share.percent} %`]), { 'data-testid': 'contributors' }),
    el('h2', {}, 'Versions'),
    versions.length
      ? el('p', {}, 'A new version of ', ...versions.flatMap((v, i) => [i ? ', which is a new version of ' : '', datasetLink(v.id)]))
      : el('p', {}, 'No earlier version.'),
    el('h2', {}, 'Models trained on it'),
    direct.length ? el('p', { 'data-testid': 'trained' }, ...direct.flatMap((m) => [modelLink(m), ' '])) : el('p', { 'data-testid': 'trained' }, 'None yet.'),
    derived.models.length > direct.length
      ? el('p', {}, 'And every model derived from those: ', ...derived.models.filter((m) => !direct.includes(m)).flatMap((m) => [modelLink(m), ' ']))
      : '',
  );
}

export function homePage(page: HTMLElement): void {
  page.replaceChildren(
    el('h1', {}, 'Provenance Chain explorer'),
    el('p', {}, 'Search above for a model or dataset id, a content root, an output hash or an account. Or:'),
    el('ul', {},
      el('li', {}, link('#/drop', 'drop a file or folder'), ' to hash it here, in your browser, and see whether it is registered;'),
      el('li', {}, link('#/verify', 'verify'), ' a batch record with its Merkle proof, or a receipt, offline in your browser.')),
  );
}
