//! # provenance-cli
//!
//! The `provenance` command-line client of Provenance Chain, as a library so that its tests (and
//! other tools) can call the same code:
//!
//! * [`content`]: content roots of files and directories (streamed, parallel), per SPEC.
//! * [`batch`]: inference records, batch roots, the proofs file, single proofs and verification.
//! * [`chain`]: the node connection, the typed client of the `provenance_*` / `royalties_*` RPC
//!   methods (`provenance-rpc`'s `ProvenanceApiClient`) and submissions checked by a dry run.
//! * [`export`]: SPDX 3.0.1, CycloneDX 1.6 and W3C PROV-JSON documents of a record's lineage.
//! * [`finality`]: offline checks of a receipt's chain facts: the genesis hash and authorities of a
//!   raw chain spec, GRANDPA justifications, authority-set hand-offs, storage read proofs.
//! * [`oms`]: OpenSSF model-signing v1 bundles: content roots from their digests, signatures.
//! * [`card`]: Hugging Face model and dataset cards: front matter, licence table, resolution of
//!   card names to registered ids by content root.
//! * [`args`]: command-line values (secret URIs, shares, derivations, dispute kinds and targets)
//!   and call argument values.
//! * [`commands`]: the commands themselves, one module per noun (hash, batch, dataset, model,
//!   inference, royalties, lineage, dispute, verify, retract), and the options and helpers they
//!   share.
//!
//! All hashing, tree and proof logic comes from `provenance-primitives`, the code the runtime
//! runs, so the CLI cannot drift from the chain.

pub mod args;
pub mod batch;
pub mod card;
pub mod chain;
pub mod commands;
pub mod content;
pub mod export;
pub mod finality;
pub mod oms;
pub mod receipt;
