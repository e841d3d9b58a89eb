// The node's JSON answers (primitives/src/views.rs): what `provenance_*` methods return.
export type Status = 'active' | 'retracted' | 'displaced' | 'disputed';
export type Derivation = 'fineTune' | 'distillation' | 'merge' | 'quantization' | 'adapter' | 'continuedPretraining' | 'other';
export interface License { spdx: string; commercialUse: boolean; derivativesAllowed: boolean; aiTrainingAllowed: boolean; termsHash: string | null }
export interface Share { perbill: number; percent: string }
export interface DatasetView {
  id: number; owner: string; contentRoot: string; sizeBytes: number; uri: string; license: License; metadata: string;
  contributors: { account: string; share: Share }[]; previousVersion: number | null; registeredAt: number; status: Status;
}
export interface ModelView {
  id: number; owner: string; weightsRoot: string; configHash: string; uri: string; license: License; metadata: string;
  parents: { id: number; derivation: Derivation }[]; datasets: number[]; operators: string[]; registeredAt: number; status: Status;
}
export interface InferenceView { modelId: number; inputHash: string; outputHash: string; paramsHash: string; submitter: string; block: number }
export interface BatchView { id: number; modelId: number; root: string; count: number; submitter: string; block: number; uri: string }
export type Asset = { model: number } | { dataset: number };
/** A model's weights root or a dataset's content root, with its licence: one lineage call draws the graph. */
export interface LineageNode { id: number; status: Status; root: string; license: License }
export interface LineageEdge { from: number; to: Asset; kind: Derivation | 'trainedOn' }
export interface Lineage {
  root: number; status: Status; weightsRoot: string; license: License; taintedAncestry: boolean; models: LineageNode[]; datasets: LineageNode[]; edges: LineageEdge[]; truncated: boolean;
}
export interface Descendants { models: number[]; truncated: boolean }
export interface Credit { account: string; amount: string }
export interface Quote { credits: Credit[]; quoteHash: string }
export interface UsageQuote extends Quote { price: string; count: number; amount: string }
export interface InclusionCheck { valid: boolean; batch: BatchView | null }
