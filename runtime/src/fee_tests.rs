//! The fee multiplier under sustained full blocks, and what a day of full blocks of
//! `System.remark` costs with the length fee and the multiplier (printed; `docs/FEES.md` quotes
//! the figures). Run: `cargo test --release -p provenance-runtime fee_tests -- --nocapture`.

use crate::{configs::TransactionByteFee, Runtime, RuntimeCall, UNIT};
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use pallet_transaction_payment::{Multiplier, NextFeeMultiplier};
use sp_runtime::{traits::Convert, BuildStorage, FixedPointNumber};

type FeeUpdate = <Runtime as pallet_transaction_payment::Config>::FeeMultiplierUpdate;

const BLOCKS_PER_DAY: u32 = 14_400;
/// Size of each remark: 64 KiB; a full block holds as many as its normal length allows.
const REMARK_LEN: u32 = 64 * 1024;

fn ext() -> sp_io::TestExternalities {
	frame_system::GenesisConfig::<Runtime>::default().build_storage().unwrap().into()
}

/// Fills the current block to its normal weight limit.
fn fill_block() {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	let max = weights.get(DispatchClass::Normal).max_total.unwrap();
	frame_system::Pallet::<Runtime>::set_block_consumed_resources(max, 0);
}

/// Fee of one 64 KiB remark at the current multiplier, and how many fit in a block.
fn remark_fee_and_per_block() -> (u128, u128) {
	let call =
		RuntimeCall::System(frame_system::Call::remark { remark: vec![0u8; REMARK_LEN as usize] });
	let len = REMARK_LEN + 100;
	let info = call.get_dispatch_info();
	let fee = pallet_transaction_payment::Pallet::<Runtime>::compute_fee(len, &info, 0);
	let max_len =
		*<Runtime as frame_system::Config>::BlockLength::get().max.get(DispatchClass::Normal);
	(fee, u128::from(max_len / len))
}

/// Runs a day of full blocks; returns the day's cost of remarks and the final multiplier.
fn day_of_full_blocks() -> (u128, Multiplier) {
	let mut total: u128 = 0;
	for _ in 0..BLOCKS_PER_DAY {
		let (fee, per_block) = remark_fee_and_per_block();
		total = total.saturating_add(fee.saturating_mul(per_block));
		fill_block();
		let next = FeeUpdate::convert(NextFeeMultiplier::<Runtime>::get());
		NextFeeMultiplier::<Runtime>::put(next);
	}
	(total, NextFeeMultiplier::<Runtime>::get())
}

#[test]
fn a_day_of_full_blocks_raises_the_multiplier_and_costs_what_docs_fees_says() {
	ext().execute_with(|| {
		let (fee, per_block) = remark_fee_and_per_block();
		let (day, multiplier) = day_of_full_blocks();
		let flat_day = fee * per_block * u128::from(BLOCKS_PER_DAY);
		// Before spec 102: one planck per byte and a constant multiplier of 1.
		let len = u128::from(REMARK_LEN + 100);
		let fee_before = fee - len * TransactionByteFee::get() + len;
		let day_before = fee_before * per_block * u128::from(BLOCKS_PER_DAY);
		println!(
			"byte fee {} planck; one 64 KiB remark {} planck ({} per block); a day of full blocks: {} PROV at a constant multiplier, {} PROV with the adjustment; multiplier after a day {}; before spec 102: {} planck per remark, {} PROV per day",
			TransactionByteFee::get(),
			fee,
			per_block,
			flat_day / UNIT,
			day / UNIT,
			multiplier.to_float(),
			fee_before,
			day_before as f64 / UNIT as f64,
		);
		assert!(multiplier > Multiplier::saturating_from_integer(2), "full blocks raise the fee");
		assert!(day > flat_day);
		// The length fee dominates a remark: its bytes are what a spammer fills blocks with.
		assert!(u128::from(REMARK_LEN) * TransactionByteFee::get() > fee / 2);
	});
}

#[test]
fn empty_blocks_lower_the_multiplier_to_its_minimum() {
	ext().execute_with(|| {
		let empty_blocks = |n: u32| {
			for _ in 0..n {
				let next = FeeUpdate::convert(NextFeeMultiplier::<Runtime>::get());
				NextFeeMultiplier::<Runtime>::put(next);
			}
			NextFeeMultiplier::<Runtime>::get()
		};
		let after_a_day = empty_blocks(BLOCKS_PER_DAY);
		assert!(after_a_day < Multiplier::saturating_from_rational(8, 10), "{after_a_day:?}");
		let after_ten_days = empty_blocks(9 * BLOCKS_PER_DAY);
		assert_eq!(after_ten_days, Multiplier::saturating_from_rational(1, 10));
	});
}
