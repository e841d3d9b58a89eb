//! The weight charged for a metered inference is never below what the benchmarks measured.
//!
//! A metered `Inference.log` / `anchor_batch` is charged its own benchmarked weight plus the
//! royalties pallet's weight of the distribution it made (`Royalties::pay_weight`, from the `pay`
//! and `pay_shares` benchmarks). The inference pallet also benchmarks the whole metered call over
//! a three-level lineage (`log_metered`, `anchor_batch_metered`: 4 visits, 6 shares credited); the
//! composed charge must cover that measurement, or metered calls would be undercharged.

use crate::{Royalties, Runtime};
use frame_support::traits::Get;
use pallet_inference::WeightInfo;

type InferenceWeights = pallet_inference::weights::SubstrateWeight<Runtime>;

/// Visits and credited shares of a charge over the benchmarks' lineage: the quantization, the
/// fine-tune, the base model and the dataset; one beneficiary each and three contributors.
const VISITS: u32 = 4;
const SHARES: u32 = 6;

#[test]
fn a_metered_log_is_charged_at_least_its_measured_weight() {
	let charged = InferenceWeights::log().saturating_add(Royalties::pay_weight(VISITS, SHARES));
	let measured = InferenceWeights::log_metered();
	assert!(
		charged.ref_time() >= measured.ref_time(),
		"charged {charged:?} < measured {measured:?}"
	);
}

#[test]
fn a_metered_anchor_is_charged_at_least_its_measured_weight() {
	let uri = <Runtime as pallet_inference::Config>::MaxUriLen::get();
	let charged =
		InferenceWeights::anchor_batch(uri).saturating_add(Royalties::pay_weight(VISITS, SHARES));
	let measured = InferenceWeights::anchor_batch_metered();
	assert!(
		charged.ref_time() >= measured.ref_time(),
		"charged {charged:?} < measured {measured:?}"
	);
}
