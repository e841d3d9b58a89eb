//! Test runtime: `System`, `Balances` and `Inference`, with an in-memory model registry.

use crate as pallet_inference;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU128};
use provenance_primitives::{
	DatasetId, Derivation, License, ModelBenchmarkHelper, ModelId, ModelInspect, ModelSummary,
	Status,
};
use sp_runtime::BuildStorage;
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
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(2)]
	pub type Inference = pallet_inference;
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

parameter_types! {
	pub const LogDeposit: Balance = LOG_DEPOSIT;
	pub const BatchDeposit: Balance = BATCH_DEPOSIT;
	pub const MaxUriLen: u32 = MAX_URI_LEN;
}

impl pallet_inference::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Models = MockModels;
	type LogDeposit = LogDeposit;
	type BatchDeposit = BatchDeposit;
	type MaxUriLen = MaxUriLen;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockModels;
}

// ---------------------------------------------------------------------------------------------
// In-memory model registry
// ---------------------------------------------------------------------------------------------

/// A model as the mock registry knows it.
#[derive(Clone, Debug)]
pub struct MockModel {
	pub owner: AccountId,
	pub status: Status,
	pub operators: Vec<AccountId>,
}

thread_local! {
	static MODELS: RefCell<BTreeMap<ModelId, MockModel>> = const { RefCell::new(BTreeMap::new()) };
}

/// The mock model registry: `ModelInspect` and `ModelBenchmarkHelper` over `MODELS`.
pub struct MockModels;

impl MockModels {
	/// Registers (or replaces) an active model without operators.
	pub fn insert(id: ModelId, owner: AccountId) {
		MODELS.with(|m| {
			m.borrow_mut()
				.insert(id, MockModel { owner, status: Status::Active, operators: Vec::new() })
		});
	}

	/// Retracts a model.
	pub fn retract(id: ModelId) {
		MODELS.with(|m| {
			if let Some(model) = m.borrow_mut().get_mut(&id) {
				model.status = Status::Retracted;
			}
		});
	}

	/// Adds an operator to a model.
	pub fn add_operator(id: ModelId, who: AccountId) {
		MODELS.with(|m| {
			if let Some(model) = m.borrow_mut().get_mut(&id) {
				model.operators.push(who);
			}
		});
	}

	/// Removes an operator from a model.
	pub fn remove_operator(id: ModelId, who: AccountId) {
		MODELS.with(|m| {
			if let Some(model) = m.borrow_mut().get_mut(&id) {
				model.operators.retain(|op| *op != who);
			}
		});
	}

	/// Forgets every model.
	pub fn clear() {
		MODELS.with(|m| m.borrow_mut().clear());
	}
}

impl ModelInspect<AccountId> for MockModels {
	fn model_summary(id: ModelId) -> Option<ModelSummary<AccountId>> {
		MODELS.with(|m| {
			m.borrow().get(&id).map(|model| ModelSummary {
				owner: model.owner,
				status: model.status,
				license: License::permissive(b"Apache-2.0"),
				non_commercial_lineage: false,
			})
		})
	}

	fn is_owner_or_operator(id: ModelId, who: &AccountId) -> bool {
		MODELS.with(|m| {
			m.borrow()
				.get(&id)
				.is_some_and(|model| model.owner == *who || model.operators.contains(who))
		})
	}

	fn model_parents(_id: ModelId) -> Vec<(ModelId, Derivation)> {
		Vec::new()
	}

	fn model_datasets(_id: ModelId) -> Vec<DatasetId> {
		Vec::new()
	}
}

impl ModelBenchmarkHelper<AccountId> for MockModels {
	fn create_model(
		owner: AccountId,
		_parents: Vec<(ModelId, Derivation)>,
		_datasets: Vec<DatasetId>,
		_seed: u32,
	) -> ModelId {
		let id = MODELS.with(|m| m.borrow().keys().next_back().map_or(0, |last| last + 1));
		Self::insert(id, owner);
		id
	}
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
	MockModels::clear();
	MockModels::insert(MODEL, ALICE);
	MockModels::add_operator(MODEL, BOB);
	MockModels::insert(RETRACTED_MODEL, ALICE);
	MockModels::retract(RETRACTED_MODEL);
	MockModels::insert(OTHER_MODEL, CHARLIE);
	MockModels::insert(POOR_MODEL, POOR);

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
	sp_io::TestExternalities::new(storage)
}

/// Runs `test` at block 1 and checks the pallet's invariants afterwards.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		test();
		Inference::do_try_state().expect("invariants hold after the test");
	});
}
