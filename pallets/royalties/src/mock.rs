//! Test runtime: System, Balances and Royalties, with in-memory dataset and model registries.

use crate as pallet_royalties;
use alloc::collections::BTreeMap;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32, PalletId};
use provenance_primitives::{
	DatasetBenchmarkHelper, DatasetId, DatasetInspect, DatasetSummary, Derivation, License,
	ModelBenchmarkHelper, ModelId, ModelInspect, ModelSummary, Status,
};
use sp_runtime::{BuildStorage, Perbill};

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
	type AccountData = pallet_balances::AccountData<Balance>;
}

parameter_types! {
	pub const ExistentialDeposit: Balance = ED;
	pub const RoyaltiesPalletId: PalletId = PalletId(*b"py/royal");
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
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type DatasetHelper = MockRegistry;
	#[cfg(feature = "runtime-benchmarks")]
	type ModelHelper = MockRegistry;
}

/// A dataset of the mock registry.
#[derive(Clone)]
pub struct MockDataset {
	pub owner: AccountId,
	pub status: Status,
	pub contributors: Vec<(AccountId, Perbill)>,
}

/// A model of the mock registry.
#[derive(Clone)]
pub struct MockModel {
	pub owner: AccountId,
	pub status: Status,
	pub parents: Vec<ModelId>,
	pub datasets: Vec<DatasetId>,
}

thread_local! {
	static DATASETS: RefCell<BTreeMap<DatasetId, MockDataset>> = RefCell::new(BTreeMap::new());
	static MODELS: RefCell<BTreeMap<ModelId, MockModel>> = RefCell::new(BTreeMap::new());
}

/// In-memory dataset and model registries (ids are sequential from 0, separately per kind).
pub struct MockRegistry;

impl MockRegistry {
	/// Empties both registries.
	pub fn reset() {
		DATASETS.with(|d| d.borrow_mut().clear());
		MODELS.with(|m| m.borrow_mut().clear());
	}

	/// Registers an active dataset; `contributors` are stored as given (even if invalid).
	pub fn add_dataset(owner: AccountId, contributors: Vec<(AccountId, Perbill)>) -> DatasetId {
		DATASETS.with(|d| {
			let mut d = d.borrow_mut();
			let id = d.len() as DatasetId;
			d.insert(id, MockDataset { owner, status: Status::Active, contributors });
			id
		})
	}

	/// Registers an active model with the given parents and datasets (not checked).
	pub fn add_model(owner: AccountId, parents: Vec<ModelId>, datasets: Vec<DatasetId>) -> ModelId {
		MODELS.with(|m| {
			let mut m = m.borrow_mut();
			let id = m.len() as ModelId;
			m.insert(id, MockModel { owner, status: Status::Active, parents, datasets });
			id
		})
	}

	/// Marks a model retracted.
	pub fn retract_model(id: ModelId) {
		MODELS.with(|m| {
			if let Some(model) = m.borrow_mut().get_mut(&id) {
				model.status = Status::Retracted;
			}
		})
	}

	/// Marks a dataset retracted.
	pub fn retract_dataset(id: DatasetId) {
		DATASETS.with(|d| {
			if let Some(dataset) = d.borrow_mut().get_mut(&id) {
				dataset.status = Status::Retracted;
			}
		})
	}
}

impl DatasetInspect<AccountId> for MockRegistry {
	fn dataset_summary(id: DatasetId) -> Option<DatasetSummary<AccountId>> {
		DATASETS.with(|d| {
			d.borrow().get(&id).map(|x| DatasetSummary {
				owner: x.owner,
				status: x.status,
				license: License::permissive(b"CC-BY-4.0"),
			})
		})
	}

	fn dataset_contributors(id: DatasetId) -> Vec<(AccountId, Perbill)> {
		DATASETS.with(|d| d.borrow().get(&id).map(|x| x.contributors.clone()).unwrap_or_default())
	}
}

impl ModelInspect<AccountId> for MockRegistry {
	fn model_summary(id: ModelId) -> Option<ModelSummary<AccountId>> {
		MODELS.with(|m| {
			m.borrow().get(&id).map(|x| ModelSummary {
				owner: x.owner,
				status: x.status,
				license: License::permissive(b"Apache-2.0"),
				non_commercial_lineage: false,
			})
		})
	}

	fn is_owner_or_operator(id: ModelId, who: &AccountId) -> bool {
		MODELS.with(|m| m.borrow().get(&id).is_some_and(|x| x.owner == *who))
	}

	fn model_parents(id: ModelId) -> Vec<(ModelId, Derivation)> {
		MODELS.with(|m| {
			m.borrow()
				.get(&id)
				.map(|x| x.parents.iter().map(|p| (*p, Derivation::FineTune)).collect())
				.unwrap_or_default()
		})
	}

	fn model_datasets(id: ModelId) -> Vec<DatasetId> {
		MODELS.with(|m| m.borrow().get(&id).map(|x| x.datasets.clone()).unwrap_or_default())
	}
}

impl DatasetBenchmarkHelper<AccountId> for MockRegistry {
	fn create_dataset(
		owner: AccountId,
		_license: License,
		contributors: Vec<(AccountId, Perbill)>,
		_seed: u32,
	) -> DatasetId {
		let contributors =
			if contributors.is_empty() { vec![(owner, Perbill::one())] } else { contributors };
		Self::add_dataset(owner, contributors)
	}
}

impl ModelBenchmarkHelper<AccountId> for MockRegistry {
	fn create_model(
		owner: AccountId,
		parents: Vec<(ModelId, Derivation)>,
		datasets: Vec<DatasetId>,
		_seed: u32,
	) -> ModelId {
		Self::add_model(owner, parents.into_iter().map(|(p, _)| p).collect(), datasets)
	}
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
