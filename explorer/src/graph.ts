// The lineage picture: the model, every ancestor model and every dataset as nodes (coloured by
// status), parent and trained-on links as labelled edges, laid out top-down by cytoscape's
// breadth-first layout. A table under it lists the same nodes and edges for screen readers,
// copying and tests.
import cytoscape from 'cytoscape';
import type { Lineage } from './views';
import { el, table, modelLink, datasetLink, status } from './dom';

const COLOURS: Record<string, string> = {
  active: '#2e7d32', disputed: '#ef6c00', retracted: '#c62828', displaced: '#6a1b9a',
};

export interface Drawn { nodes: number; edges: number; ms: number }

/** Draws `lineage` into `container`; returns what was drawn and how long the layout took. */
export function drawLineage(container: HTMLElement, lineage: Lineage): Drawn {
  const started = performance.now();
  const nodes = [
    { data: { id: `m${lineage.root}`, label: `model ${lineage.root}`, status: lineage.status, kind: 'model', root: 'yes' } },
    ...lineage.models.map((m) => ({ data: { id: `m${m.id}`, label: `model ${m.id}`, status: m.status, kind: 'model', root: 'no' } })),
    ...lineage.datasets.map((d) => ({ data: { id: `d${d.id}`, label: `dataset ${d.id}`, status: d.status, kind: 'dataset', root: 'no' } })),
  ];
  const edges = lineage.edges.map((e, i) => {
    const target = 'model' in e.to ? `m${e.to.model}` : `d${e.to.dataset}`;
    return { data: { id: `e${i}`, source: `m${e.from}`, target, label: e.kind } };
  });
  const graph = cytoscape({
    container,
    elements: [...nodes, ...edges],
    layout: { name: 'breadthfirst', directed: true, roots: [`m${lineage.root}`], spacingFactor: 1.1, animate: false },
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)', 'font-size': 11, 'text-valign': 'center', color: '#fff', width: 86, height: 30,
          shape: 'round-rectangle', 'background-color': (n: cytoscape.NodeSingular) => COLOURS[n.data('status')] ?? '#555',
        },
      },
      { selector: 'node[kind = "dataset"]', style: { shape: 'barrel' } },
      { selector: 'node[root = "yes"]', style: { 'border-width': 3, 'border-color': '#111' } },
      {
        selector: 'edge',
        style: {
          label: 'data(label)', 'font-size': 9, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
          width: 1.5, 'line-color': '#90a4ae', 'target-arrow-color': '#90a4ae', 'text-background-color': '#fff',
          'text-background-opacity': 1,
        },
      },
    ],
    userZoomingEnabled: true,
    boxSelectionEnabled: false,
  });
  graph.on('tap', 'node', (event) => {
    const id = event.target.id() as string;
    location.hash = id.startsWith('m') ? `#/model/${id.slice(1)}` : `#/dataset/${id.slice(1)}`;
  });
  return { nodes: graph.nodes().length, edges: graph.edges().length, ms: performance.now() - started };
}

/** The same graph as tables: nodes with their status and licence (all from the one lineage
 *  answer), edges with their kind. */
export function lineageTables(lineage: Lineage): HTMLElement {
  const nodeRows = [
    [modelLink(lineage.root), 'model (this one)', status(lineage.status), lineage.license.spdx],
    ...lineage.models.map((m) => [modelLink(m.id), 'model', status(m.status), m.license.spdx]),
    ...lineage.datasets.map((d) => [datasetLink(d.id), 'dataset', status(d.status), d.license.spdx]),
  ];
  const edgeRows = lineage.edges.map((e) => [
    modelLink(e.from), e.kind, 'model' in e.to ? modelLink(e.to.model) : datasetLink(e.to.dataset),
  ]);
  return el('details', { class: 'lineage-tables' },
    el('summary', {}, `${nodeRows.length} nodes, ${edgeRows.length} edges (as tables)`),
    table(['node', 'kind', 'status', 'licence'], nodeRows, { 'data-testid': 'lineage-nodes' }),
    table(['from', 'edge', 'to'], edgeRows, { 'data-testid': 'lineage-edges' }));
}
