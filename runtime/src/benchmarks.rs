//! The pallets benchmarked by `provenance-node benchmark pallet` (see `scripts/benchmark.sh`).

// Benchmarks set up worst cases and may panic on a broken setup; they are not in the runtime
// that validators run.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::panic,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::cast_possible_truncation
)]

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_preimage, Preimage]
	[pallet_whitelist, Whitelist]
	[pallet_datasets, Datasets]
	[pallet_models, Models]
	[pallet_inference, Inference]
	[pallet_royalties, Royalties]
	[pallet_disputes, Disputes]
	[pallet_collective, Council]
	[pallet_membership, CouncilMembership]
);
