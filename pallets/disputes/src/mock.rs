//! Test runtime: `System`, `Balances` and `Disputes`, with the in-memory registry (datasets,
//! models, inference claims) and escrow of `provenance-test-registry`.

use crate as pallet_disputes;
use frame_support::{derive_impl, parameter_types, traits::ConstU128};
use frame_system::EnsureRoot;
use provenance_primitives::{DatasetId, DisputeTarget, ModelId};
use sp_core::H256;
use sp_runtime::BuildStorage;

pub use provenance_test_registry::{MockDataset, MockModel, MockRegistry, VerdictEffect};

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
	pub type Disputes = pallet_disputes;
}

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

pub const BOND: Balance = 50;
pub const MAX_URI_LEN: u32 = 16;
pub const MAX_OPEN_PER_TARGET: u32 = 2;
pub const MAX_LISTED: u32 = 3;

parameter_types! {
	pub const DisputeBond: Balance = BOND;
	pub const MaxUriLen: u32 = MAX_URI_LEN;
	pub const MaxOpenPerTarget: u32 = MAX_OPEN_PER_TARGET;
	pub const MaxListed: u32 = MAX_LISTED;
}

impl pallet_disputes::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = MockRegistry;
	type Escrow = MockRegistry;
	type ResolveOrigin = EnsureRoot<AccountId>;
	type DisputeBond = DisputeBond;
	type MaxUriLen = MaxUriLen;
	type MaxOpenPerTarget = MaxOpenPerTarget;
	type MaxListed = MaxListed;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRegistry;
	#[cfg(feature = "runtime-benchmarks")]
	type EscrowHelper = MockRegistry;
}

/// Owner of `DATASET`, `MODEL` and the claims.
pub const OWNER: AccountId = 1;
/// Opens disputes.
pub const ALICE: AccountId = 2;
/// Opens disputes too.
pub const BOB: AccountId = 3;
/// A third opener.
pub const CHARLIE: AccountId = 4;
/// Has less than a bond.
pub const POOR: AccountId = 5;

/// Active dataset of `OWNER`.
pub const DATASET: DatasetId = 0;
/// Retracted dataset of `OWNER`.
pub const RETRACTED_DATASET: DatasetId = 1;
/// Active model of `OWNER`.
pub const MODEL: ModelId = 0;

/// An inference claim of `MODEL`, logged by `OWNER`.
pub fn claim() -> DisputeTarget {
	DisputeTarget::Inference { output_hash: H256::repeat_byte(7), model_id: MODEL }
}
/// A batch anchored by `OWNER`.
pub const BATCH: DisputeTarget = DisputeTarget::Batch(0);

pub const INITIAL_BALANCE: Balance = 1_000;

/// Externalities with funded accounts and the records above.
pub fn new_test_ext() -> sp_io::TestExternalities {
	MockRegistry::reset();
	MockRegistry::insert_dataset(DATASET, MockDataset::new(OWNER));
	MockRegistry::insert_dataset(RETRACTED_DATASET, MockDataset::new(OWNER));
	MockRegistry::retract_dataset(RETRACTED_DATASET);
	MockRegistry::insert_model(MODEL, MockModel::new(OWNER));
	MockRegistry::add_claim(claim(), OWNER);
	MockRegistry::add_claim(BATCH, OWNER);

	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(OWNER, INITIAL_BALANCE),
			(ALICE, INITIAL_BALANCE),
			(BOB, INITIAL_BALANCE),
			(CHARLIE, INITIAL_BALANCE),
			(POOR, BOND - 1),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	sp_io::TestExternalities::new(storage)
}

/// Runs `test` at block 1 and checks the pallet's invariants afterwards.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		test();
		Disputes::do_try_state().expect("invariants hold after the test");
	});
}
