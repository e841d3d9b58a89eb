// The lineage graph the benchmark registers: a layered DAG of models, generated deterministically
// from a seed so that every run registers the same shape.
//
// Models are spread over `depth + 1` generations (levels 0..depth). A model of level 0 is a base
// model: no parent, no dataset. A model of level L >= 1 has 1..maxFanIn distinct parents, all of
// level L - 1, and cites 0..maxDatasetsPerModel distinct datasets. Since every parent edge goes down
// exactly one level, the shortest and the longest path from a level-`depth` model to a base model
// are both `depth` edges: `provenance_lineage(deepest, depth)` reaches every ancestor and is not
// truncated, `provenance_lineage(deepest, depth - 1)` is. Models are listed level by level, so
// registering them in list order (one sender, consecutive nonces) always registers parents first,
// and model `i` of the list gets id `firstModel + i` (ids are a counter).

/** A small seeded PRNG (mulberry32): the same seed gives the same graph. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `k` distinct elements of `list`, in random order. */
function pick(rand, list, k) {
  const copy = [...list];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, k);
}

const SINGLE_PARENT = ['FineTune', 'Distillation', 'Quantization', 'Adapter', 'ContinuedPretraining'];

/**
 * `{ models: [{ id, level, parents: [[id, derivation]], datasets: [id] }], levels: [[id]], deepest: [id] }`.
 * Options: models, depth, maxFanIn, maxDatasetsPerModel, datasets (how many exist), firstDataset,
 * firstModel, seed.
 */
export function makeGraph({
  models: count, depth, maxFanIn = 4, maxDatasetsPerModel = 3, datasets, firstDataset = 0, firstModel = 0, seed = 7,
}) {
  if (count < depth + 1) throw new Error(`${count} models cannot span ${depth + 1} levels (depth ${depth})`);
  const rand = prng(seed);
  // Level sizes: as even as possible, the larger ones first.
  const per = Math.floor(count / (depth + 1));
  const extra = count % (depth + 1);
  const levels = [];
  const models = [];
  for (let level = 0; level <= depth; level++) {
    const size = per + (level < extra ? 1 : 0);
    const ids = [];
    for (let k = 0; k < size; k++) {
      const id = firstModel + models.length;
      let parents = [];
      let cites = [];
      if (level > 0) {
        const prev = levels[level - 1];
        const fanIn = 1 + Math.floor(rand() * Math.min(maxFanIn, prev.length));
        const chosen = pick(rand, prev, fanIn);
        parents = chosen.map((p) => [p, fanIn === 1 ? SINGLE_PARENT[Math.floor(rand() * SINGLE_PARENT.length)] : 'Merge']);
        const nDatasets = Math.floor(rand() * (maxDatasetsPerModel + 1));
        const set = new Set();
        while (set.size < Math.min(nDatasets, datasets)) set.add(firstDataset + Math.floor(rand() * datasets));
        cites = [...set];
      }
      models.push({ id, level, parents, datasets: cites });
      ids.push(id);
    }
    levels.push(ids);
  }
  return { models, levels, deepest: levels[depth] };
}

/**
 * What `provenance_lineage(root, maxDepth)` should answer for this graph (the runtime's
 * breadth-first walk, without its node limit): `{ models, datasets, edges, truncated }` counts.
 */
export function expectedLineage(graph, root, maxDepth) {
  const byId = new Map(graph.models.map((m) => [m.id, m]));
  const seenModels = new Set([root]);
  const seenDatasets = new Set();
  let edges = 0;
  let truncated = false;
  const queue = [[root, 0]];
  for (let q = 0; q < queue.length; q++) {
    const [id, d] = queue[q];
    const m = byId.get(id);
    if (d >= maxDepth) {
      if (m.parents.length || m.datasets.length) truncated = true;
      continue;
    }
    for (const [p] of m.parents) {
      if (!seenModels.has(p)) { seenModels.add(p); queue.push([p, d + 1]); }
      edges++;
    }
    for (const ds of m.datasets) { seenDatasets.add(ds); edges++; }
  }
  return { models: seenModels.size - 1, datasets: seenDatasets.size, edges, truncated };
}
