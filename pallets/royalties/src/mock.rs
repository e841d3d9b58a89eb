//! Test runtime: System, Balances and Royalties, with the in-memory dataset and model registry
//! of `provenance-test-registry`.

use crate as pallet_royalties;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::HoldConsideration, ConstU32, LinearStoragePrice},
	PalletId,
};
use sp_runtime::BuildStorage;

pub use provenance_test_registry::MockRegistry;

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

/// Existential deposit of the mock.
pub const ED: Balance = 5;
/// Balance of the accounts endowed at genesis (1 to 4).
pub const INITIAL: Balance = 1_000_000;

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
	pub type Royalties = pallet_royalties;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	/// Real database weights, so that migration weights are checked.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
	type AccountData = pallet_balances::AccountData<Balance>;
}

/// Deposit of a beneficiary list: [`LIST_DEPOSIT_BASE`] plus one unit per encoded byte.
pub const LIST_DEPOSIT_BASE: Balance = 100;

parameter_types! {
	pub const ExistentialDeposit: Balance = ED;
	pub const RoyaltiesPalletId: PalletId = PalletId(*b"py/royal");
	pub const ListDepositBase: Balance = LIST_DEPOSIT_BASE;
	pub const ListDepositPerByte: Balance = 1;
	pub const ListHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Royalties(pallet_royalties::HoldReason::BeneficiaryList);
	/// One unit unless a test raises it (the dust rule's tests).
	pub static MinimumCredit: Balance = 1;
}

/// The deposit of a beneficiary list of `len` entries (one byte of length prefix, 8 of
/// account and 4 of share per entry).
pub fn list_deposit(len: usize) -> Balance {
	LIST_DEPOSIT_BASE + 1 + 12 * len as Balance
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
}

impl pallet_royalties::Config for Test {
	type Currency = Balances;
	type Datasets = MockRegistry;
	type Models = MockRegistry;
	type PalletId = RoyaltiesPalletId;
	type MaxBeneficiaries = ConstU32<8>;
	type MaxDepth = ConstU32<4>;
	type MaxVisited = ConstU32<16>;
	type BeneficiaryDeposit = HoldConsideration<
		AccountId,
		Balances,
		ListHoldReason,
		LinearStoragePrice<ListDepositBase, ListDepositPerByte, Balance>,
	>;
	type MinimumCredit = MinimumCredit;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type DatasetHelper = MockRegistry;
	#[cfg(feature = "runtime-benchmarks")]
	type ModelHelper = MockRegistry;
}

/// Genesis: accounts 1 to 4 hold [`INITIAL`]; the royalties genesis endows the pallet account.
pub fn new_test_ext() -> sp_io::TestExternalities {
	MockRegistry::reset();
	let t = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: (1..=4).map(|who| (who, INITIAL)).collect(),
			..Default::default()
		},
		royalties: Default::default(),
	}
	.build_storage()
	.expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Royalties::do_try_state().expect("invariants hold");
	});
}
