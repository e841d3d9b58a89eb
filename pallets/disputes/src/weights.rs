
//! Weights for `pallet_disputes`. Placeholder until `scripts/benchmark.sh disputes` regenerates
//! this file from the benchmarks in `benchmarking.rs`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed by `pallet_disputes`.
pub trait WeightInfo {
	fn open(u: u32, ) -> Weight;
	fn respond(u: u32, ) -> Weight;
	fn withdraw() -> Weight;
	fn resolve_dismissed() -> Weight;
	fn resolve_retract() -> Weight;
	fn resolve_transfer() -> Weight;
}

/// Weights for `pallet_disputes` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn open(_u: u32, ) -> Weight {
		Weight::MAX
	}
	fn respond(_u: u32, ) -> Weight {
		Weight::MAX
	}
	fn withdraw() -> Weight {
		Weight::MAX
	}
	fn resolve_dismissed() -> Weight {
		Weight::MAX
	}
	fn resolve_retract() -> Weight {
		Weight::MAX
	}
	fn resolve_transfer() -> Weight {
		Weight::MAX
	}
}

// For tests.
impl WeightInfo for () {
	fn open(_u: u32, ) -> Weight { Weight::zero() }
	fn respond(_u: u32, ) -> Weight { Weight::zero() }
	fn withdraw() -> Weight { Weight::zero() }
	fn resolve_dismissed() -> Weight { Weight::zero() }
	fn resolve_retract() -> Weight { Weight::zero() }
	fn resolve_transfer() -> Weight { Weight::zero() }
}
