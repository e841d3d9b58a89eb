//! Weights of the runtime pallets and transaction extensions every extrinsic pays for, of the
//! council's pallets (`pallet_collective`, `pallet_membership`), of the other upstream pallets
//! with calls (`pallet_timestamp`, `pallet_sudo`, `pallet_preimage`, `pallet_whitelist`), and the
//! base weights of a block and of an extrinsic, all generated on this project's benchmark machine
//! by `scripts/benchmark.sh` (never edited by hand). The provenance pallets keep their weights in
//! `pallets/*/src/weights.rs`. `pallet_session`, `pallet_collator_selection` and
//! `pallet_grandpa` keep upstream's weights (docs/PERFORMANCE.md says why).

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_collective;
pub mod pallet_membership;
pub mod pallet_preimage;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_whitelist;
// The generated file documents each field inside a constant expression.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;

use crate::RuntimeCall;
use frame_support::{traits::Get, weights::Weight};
use sp_runtime::traits::TransactionExtension;

/// The base weight every extrinsic is charged on top of its call and its transaction extensions
/// (the runtime's `base_extrinsic`).
///
/// `benchmark overhead` ([`ExtrinsicBaseWeight`]) measures a signed `System::remark` in a full
/// block: its signature check, its transaction extensions and its dispatch. The extensions also
/// charge their own benchmarked weights ([`frame_system_extensions`], [`pallet_transaction_payment`]),
/// so charging the measured overhead as well would count them twice (polkadot-sdk issue #9981).
/// The base is therefore the measured overhead net of what the extensions charge for that remark,
/// never below zero: a signed remark is charged `max(measured overhead, extension weights)`.
pub struct ExtrinsicBaseWeightNetOfExtensions;

impl Get<Weight> for ExtrinsicBaseWeightNetOfExtensions {
	fn get() -> Weight {
		ExtrinsicBaseWeight::get().saturating_sub(overhead_remark_extensions_weight())
	}
}

/// The weight the transaction extensions charge for the extrinsic `benchmark overhead` measures:
/// a signed, immortal `System::remark` with an empty remark, no tip and no metadata hash.
pub fn overhead_remark_extensions_weight() -> Weight {
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: alloc::vec::Vec::new() });
	let extensions = crate::immortal_tx_extension(0);
	extensions.weight(&remark)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::Runtime;
	use frame_support::dispatch::DispatchClass;

	#[test]
	fn the_extensions_of_a_remark_are_charged() {
		// Their benchmarked weights, not `()`'s zero: without them the net base would be the
		// whole measured overhead and this split would be meaningless.
		assert!(overhead_remark_extensions_weight().ref_time() > 0);
	}

	#[test]
	fn a_signed_remark_is_charged_its_measured_overhead_once() {
		let measured = ExtrinsicBaseWeight::get().ref_time();
		let extensions = overhead_remark_extensions_weight().ref_time();
		let base = ExtrinsicBaseWeightNetOfExtensions::get().ref_time();
		// Never less than what `benchmark overhead` measured for it ...
		assert!(base + extensions >= measured);
		// ... and the measured overhead is not added on top of the extensions' own weights.
		assert_eq!(base + extensions, measured.max(extensions));
	}

	#[test]
	fn every_dispatch_class_uses_the_net_base_weight() {
		let weights = <Runtime as frame_system::Config>::BlockWeights::get();
		for class in DispatchClass::all() {
			assert_eq!(
				weights.get(*class).base_extrinsic,
				ExtrinsicBaseWeightNetOfExtensions::get()
			);
		}
	}
}
