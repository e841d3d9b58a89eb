//! Test runtime: System, Balances and this pallet, with an in-memory dataset registry.

use crate as pallet_models;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use provenance_primitives::{DatasetId, DatasetInspect, DatasetSummary, License, Status};
use sp_runtime::{BuildStorage, Perbill};
use std::collections::BTreeMap;

pub type AccountId = u64;
pub type Balance = u128;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system::Pallet<Test>;

	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances::Pallet<Test>;

	#[runtime::pallet_index(2)]
	pub type Models = pallet_models::Pallet<Test>;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
}

/// Base part of a model deposit in the mock.
pub const DEPOSIT_BASE: Balance = 1_000;
/// Per-byte part of a model deposit in the mock.
pub const DEPOSIT_PER_BYTE: Balance = 10;

parameter_types! {
	pub const DepositBase: Balance = DEPOSIT_BASE;
	pub const DepositPerByte: Balance = DEPOSIT_PER_BYTE;
}

impl pallet_models::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datasets = MockDatasets;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type MaxUriLen = ConstU32<64>;
	type MaxMetadataLen = ConstU32<128>;
	type MaxParents = ConstU32<4>;
	type MaxDatasets = ConstU32<4>;
	type MaxOperators = ConstU32<3>;
	type MaxReasonLen = ConstU32<32>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockDatasets;
}

/// One dataset of the in-memory registry.
#[derive(Clone)]
pub struct MockDataset {
	pub owner: AccountId,
	pub status: Status,
	pub license: License,
	pub contributors: Vec<(AccountId, Perbill)>,
}

thread_local! {
	static DATASETS: RefCell<BTreeMap<DatasetId, MockDataset>> = RefCell::new(BTreeMap::new());
	static DATASET_READS: RefCell<u32> = RefCell::new(0);
}

/// In-memory stand-in for `pallet-datasets`.
pub struct MockDatasets;

impl MockDatasets {
	/// Registers (or replaces) dataset `id`, active, with the owner as sole contributor.
	pub fn insert(id: DatasetId, owner: AccountId, license: License) {
		DATASETS.with(|d| {
			d.borrow_mut().insert(
				id,
				MockDataset {
					owner,
					status: Status::Active,
					license,
					contributors: vec![(owner, Perbill::one())],
				},
			)
		});
	}

	/// Marks dataset `id` retracted.
	pub fn retract(id: DatasetId) {
		DATASETS.with(|d| {
			if let Some(dataset) = d.borrow_mut().get_mut(&id) {
				dataset.status = Status::Retracted;
			}
		});
	}

	/// Removes dataset `id` altogether.
	pub fn remove(id: DatasetId) {
		DATASETS.with(|d| d.borrow_mut().remove(&id));
	}

	/// How many times `dataset_summary` has been called.
	pub fn reads() -> u32 {
		DATASET_READS.with(|r| *r.borrow())
	}

	/// Forgets every dataset and resets the read counter.
	pub fn reset() {
		DATASETS.with(|d| d.borrow_mut().clear());
		DATASET_READS.with(|r| *r.borrow_mut() = 0);
	}
}

impl DatasetInspect<AccountId> for MockDatasets {
	fn dataset_summary(id: DatasetId) -> Option<DatasetSummary<AccountId>> {
		DATASET_READS.with(|r| *r.borrow_mut() += 1);
		DATASETS.with(|d| {
			d.borrow().get(&id).map(|dataset| DatasetSummary {
				owner: dataset.owner,
				status: dataset.status,
				license: dataset.license.clone(),
			})
		})
	}

	fn dataset_contributors(id: DatasetId) -> Vec<(AccountId, Perbill)> {
		DATASETS.with(|d| d.borrow().get(&id).map(|x| x.contributors.clone()).unwrap_or_default())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl provenance_primitives::DatasetBenchmarkHelper<AccountId> for MockDatasets {
	fn create_dataset(
		owner: AccountId,
		license: License,
		contributors: Vec<(AccountId, Perbill)>,
		_seed: u32,
	) -> DatasetId {
		DATASETS.with(|d| {
			let mut d = d.borrow_mut();
			let id = d.keys().next_back().map_or(0, |last| last + 1);
			let contributors =
				if contributors.is_empty() { vec![(owner, Perbill::one())] } else { contributors };
			d.insert(id, MockDataset { owner, status: Status::Active, license, contributors });
			id
		})
	}
}

/// A licence with every right granted.
pub fn open_license() -> License {
	License::permissive(b"Apache-2.0")
}

/// A licence forbidding commercial use only.
pub fn non_commercial() -> License {
	License { commercial_use: false, ..License::permissive(b"CC-BY-NC-4.0") }
}

/// A licence forbidding derivatives only.
pub fn no_derivatives() -> License {
	License { derivatives_allowed: false, ..License::permissive(b"CC-BY-ND-4.0") }
}

/// A licence forbidding AI training only.
pub fn no_training() -> License {
	License { ai_training_allowed: false, ..License::permissive(b"LicenseRef-NoAI") }
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// An account without funds.
pub const PAUPER: AccountId = 99;

/// Starting balance of the funded accounts.
pub const ENDOWMENT: Balance = 10_000_000;

/// Externalities with ALICE..DAVE funded and an empty dataset registry.
pub fn new_test_ext() -> sp_io::TestExternalities {
	MockDatasets::reset();
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, ENDOWMENT),
			(BOB, ENDOWMENT),
			(CHARLIE, ENDOWMENT),
			(DAVE, ENDOWMENT),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` at block 1, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Models::do_try_state().expect("invariants hold after the test");
	});
}
