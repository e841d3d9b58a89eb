//! Test runtime: System, Balances and this pallet, with the in-memory dataset registry of
//! `provenance-test-registry`.

use crate as pallet_models;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_runtime::BuildStorage;

pub use provenance_test_registry::{
	licenses::{no_derivatives, no_training, non_commercial, open as open_license},
	MockDataset, MockRegistry,
};

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
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type Datasets = MockRegistry;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type MaxUriLen = ConstU32<64>;
	type MaxMetadataLen = ConstU32<128>;
	type MaxParents = ConstU32<4>;
	type MaxDatasets = ConstU32<4>;
	type MaxOperators = ConstU32<3>;
	type MaxReasonLen = ConstU32<32>;
	type OnOwnershipChanged = provenance_test_registry::RecordOwnershipChanges;
	type CommitmentLifetime = frame_support::traits::ConstU64<COMMITMENT_LIFETIME>;
	type CommitmentDeposit = frame_support::traits::ConstU128<COMMITMENT_DEPOSIT>;
	type MaxQueryDepth = ConstU32<256>;
	type MaxQueryNodes = ConstU32<300>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRegistry;
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
	MockRegistry::reset();
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

/// Blocks a commitment stays revealable.
pub const COMMITMENT_LIFETIME: u64 = 10;
/// Deposit per pending commitment.
pub const COMMITMENT_DEPOSIT: u128 = 7;
