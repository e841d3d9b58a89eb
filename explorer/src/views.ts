// The node's JSON answers, typed by the client package (clients/js/views.d.ts).
export type {
  Status, License, DatasetView, ModelView, BatchView, InferenceView, Lineage, Descendants, Quote,
} from '@provenance-chain/client';
