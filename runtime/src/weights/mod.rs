//! Weights of the runtime pallets and transaction extensions every extrinsic pays for, and the
//! base weights of a block and of an extrinsic, all generated on this project's benchmark machine
//! by `scripts/benchmark.sh` (never edited by hand). The provenance pallets keep their weights in
//! `pallets/*/src/weights.rs`.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_transaction_payment;
// The generated file documents each field inside a constant expression.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
