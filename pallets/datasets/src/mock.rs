//! Test runtime: System, Balances (u128 balances, holds) and this pallet.

use crate as pallet_datasets;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

/// Balance type of the mock.
pub type Balance = u128;

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
	pub type Datasets = pallet_datasets;
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

/// Deposit held per dataset.
pub const DEPOSIT_BASE: Balance = 100;
/// Deposit held per stored byte.
pub const DEPOSIT_PER_BYTE: Balance = 2;

parameter_types! {
	pub const DepositBase: Balance = DEPOSIT_BASE;
	pub const DepositPerByte: Balance = DEPOSIT_PER_BYTE;
}

impl pallet_datasets::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type MaxUriLen = ConstU32<32>;
	type MaxMetadataLen = ConstU32<48>;
	type MaxContributors = ConstU32<4>;
	type MaxReasonLen = ConstU32<16>;
	type OnOwnershipChanged = provenance_test_registry::RecordOwnershipChanges;
	type CommitmentLifetime = ConstU64<COMMITMENT_LIFETIME>;
	type CommitmentDeposit = ConstU128<COMMITMENT_DEPOSIT>;
	type WeightInfo = ();
}

/// Blocks a commitment stays revealable.
pub const COMMITMENT_LIFETIME: u64 = 10;
/// Deposit per pending commitment.
pub const COMMITMENT_DEPOSIT: Balance = 7;

/// Well-funded accounts.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
/// An account that cannot afford a deposit.
pub const POOR: u64 = 4;
/// Initial free balance of the funded accounts.
pub const ENDOWMENT: Balance = 10_000;
/// Initial free balance of `POOR`.
pub const POOR_ENDOWMENT: Balance = 150;

/// Genesis: ALICE, BOB, CHARLIE funded; POOR nearly empty.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, ENDOWMENT),
			(BOB, ENDOWMENT),
			(CHARLIE, ENDOWMENT),
			(POOR, POOR_ENDOWMENT),
		],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` at block 1, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		test();
		Datasets::do_try_state().expect("try_state invariants hold");
	});
}
