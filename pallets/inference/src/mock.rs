//! Test runtime: `System`, `Balances`, `Inference` and `Royalties` (the usage meter), with the
//! in-memory dataset and model registry of `provenance-test-registry`.

use crate as pallet_inference;
use frame_support::{derive_impl, parameter_types, traits::ConstU128};
use provenance_primitives::ModelId;
use sp_runtime::BuildStorage;

pub use provenance_test_registry::{MockModel, MockRegistry};

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
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(2)]
	pub type Inference = pallet_inference;

	#[runtime::pallet_index(3)]
	pub type Royalties = pallet_royalties;
}

/// Index of `Inference` in the test runtime (first byte of its encoded calls).
pub const INFERENCE_PALLET_INDEX: u8 = 2;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = System;
}

pub const LOG_DEPOSIT: Balance = 10;
pub const BATCH_DEPOSIT: Balance = 100;
pub const MAX_URI_LEN: u32 = 64;
pub const MAX_CLAIMS_PER_OUTPUT: u32 = 3;

parameter_types! {
	pub const LogDeposit: Balance = LOG_DEPOSIT;
	pub const BatchDeposit: Balance = BATCH_DEPOSIT;
	pub const MaxUriLen: u32 = MAX_URI_LEN;
	pub const MaxClaimsPerOutput: u32 = MAX_CLAIMS_PER_OUTPUT;
	pub const RoyaltiesPalletId: frame_support::PalletId = frame_support::PalletId(*b"py/royal");
}

impl pallet_royalties::Config for Test {
	type Currency = Balances;
	type Datasets = MockRegistry;
	type Models = MockRegistry;
	type PalletId = RoyaltiesPalletId;
	type MaxBeneficiaries = frame_support::traits::ConstU32<8>;
	type MaxDepth = frame_support::traits::ConstU32<4>;
	type MaxVisited = frame_support::traits::ConstU32<16>;
	/// No beneficiary list is set in these tests: no deposit.
	type BeneficiaryDeposit = ();
	type MinimumCredit = ConstU128<1>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type DatasetHelper = MockRegistry;
	#[cfg(feature = "runtime-benchmarks")]
	type ModelHelper = MockRegistry;
}

impl pallet_inference::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Models = MockRegistry;
	type Metering = Royalties;
	type LogDeposit = LogDeposit;
	type BatchDeposit = BatchDeposit;
	type MaxClaimsPerOutput = MaxClaimsPerOutput;
	type MaxUriLen = MaxUriLen;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRegistry;
	#[cfg(feature = "runtime-benchmarks")]
	type UsageHelper = Royalties;
}

// ---------------------------------------------------------------------------------------------
// Accounts, models and externalities
// ---------------------------------------------------------------------------------------------

/// Owner of `MODEL` and `RETRACTED_MODEL`.
pub const ALICE: AccountId = 1;
/// Operator of `MODEL`.
pub const BOB: AccountId = 2;
/// Owner of `OTHER_MODEL`.
pub const CHARLIE: AccountId = 3;
/// Funded, but neither owner nor operator of any model.
pub const DAVE: AccountId = 4;
/// Owner of `POOR_MODEL`, with less than any deposit.
pub const POOR: AccountId = 5;

/// Active model of `ALICE`, operated by `BOB`.
pub const MODEL: ModelId = 0;
/// Retracted model of `ALICE`.
pub const RETRACTED_MODEL: ModelId = 1;
/// Active model of `CHARLIE`.
pub const OTHER_MODEL: ModelId = 2;
/// Active model of `POOR`.
pub const POOR_MODEL: ModelId = 3;
/// No model has this id.
pub const UNKNOWN_MODEL: ModelId = 99;

pub const INITIAL_BALANCE: Balance = 1_000_000;
pub const POOR_BALANCE: Balance = 5;

/// Externalities with funded accounts and the models above.
pub fn new_test_ext() -> sp_io::TestExternalities {
	MockRegistry::reset();
	MockRegistry::insert_model(MODEL, MockModel::new(ALICE));
	MockRegistry::add_operator(MODEL, BOB);
	MockRegistry::insert_model(RETRACTED_MODEL, MockModel::new(ALICE));
	MockRegistry::retract_model(RETRACTED_MODEL);
	MockRegistry::insert_model(OTHER_MODEL, MockModel::new(CHARLIE));
	MockRegistry::insert_model(POOR_MODEL, MockModel::new(POOR));

	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, INITIAL_BALANCE),
			(BOB, INITIAL_BALANCE),
			(CHARLIE, INITIAL_BALANCE),
			(DAVE, INITIAL_BALANCE),
			(POOR, POOR_BALANCE),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_royalties::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	sp_io::TestExternalities::new(storage)
}

/// Runs `test` at block 1 and checks the pallet's invariants afterwards.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		test();
		Inference::do_try_state().expect("invariants hold after the test");
		Royalties::do_try_state().expect("royalty invariants hold after the test");
	});
}
