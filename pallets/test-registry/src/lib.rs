//! # Provenance test registry
//!
//! An in-memory dataset and model registry shared by the unit tests of `pallet-models`,
//! `pallet-inference` and `pallet-royalties`. **For unit tests only**: it is `std`, keeps its
//! records in thread-local storage outside the externalities and checks nothing, so it must never
//! be used by a runtime.
//!
//! [`MockRegistry`] implements, for `AccountId = u64` (the account type of the pallets' mock
//! runtimes):
//!
//! * [`DatasetInspect`] and [`ModelInspect`], so a mock runtime can plug it in as the `Datasets`
//!   or `Models` registry of the pallet under test;
//! * [`DatasetBenchmarkHelper`] and [`ModelBenchmarkHelper`], so the pallets' benchmark tests
//!   (`impl_benchmark_test_suite!`) can create records in it.
//!
//! Records are built with [`MockDataset`] and [`MockModel`] and stored either under a chosen id
//! ([`MockRegistry::insert_dataset`], [`MockRegistry::insert_model`]) or under the next free one
//! ([`MockRegistry::add_dataset`], [`MockRegistry::add_model`], ...: the last id plus one, `0` in
//! an empty registry; datasets and models are numbered separately).
//!
//! Every test thread sees its own registry, and the registry survives the end of a test: call
//! [`MockRegistry::reset`] before each test (the mocks' `new_test_ext` do). Being outside the
//! externalities, it is not rolled back with a storage transaction either.
//!
//! [`licenses`] holds the licences the tests use most.

#![warn(missing_docs)]

use provenance_primitives::{
	Asset, DatasetBenchmarkHelper, DatasetId, DatasetInspect, DatasetSummary, Derivation,
	DisputeRegistry, DisputeTarget, EscrowBenchmarkHelper, EscrowRelease, License,
	ModelBenchmarkHelper, ModelId, ModelInspect, ModelSummary, RoyaltyEscrow, Status,
};
use sp_runtime::testing::H256;
use sp_runtime::{DispatchError, DispatchResult, Perbill};
use std::{
	cell::{Cell, RefCell},
	collections::BTreeMap,
};

/// Account type of the pallets' mock runtimes.
pub type AccountId = u64;

/// A dataset of the mock registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockDataset {
	/// Current owner.
	pub owner: AccountId,
	/// Active or retracted.
	pub status: Status,
	/// Licence terms, returned as is by `dataset_summary`.
	pub license: License,
	/// Contributors and their shares, returned as is by `dataset_contributors` (not checked).
	pub contributors: Vec<(AccountId, Perbill)>,
}

impl MockDataset {
	/// An active dataset of `owner`, under a permissive `CC-BY-4.0` licence, with `owner` as its
	/// sole contributor (100%).
	pub fn new(owner: AccountId) -> Self {
		Self {
			owner,
			status: Status::Active,
			license: License::permissive(b"CC-BY-4.0"),
			contributors: vec![(owner, Perbill::one())],
		}
	}

	/// Replaces the licence.
	pub fn license(mut self, license: License) -> Self {
		self.license = license;
		self
	}

	/// Replaces the contributors, stored as given (even empty or not summing to 100%).
	pub fn contributors(mut self, contributors: Vec<(AccountId, Perbill)>) -> Self {
		self.contributors = contributors;
		self
	}
}

/// A model of the mock registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockModel {
	/// Current owner.
	pub owner: AccountId,
	/// Active or retracted.
	pub status: Status,
	/// Licence terms, returned as is by `model_summary`.
	pub license: License,
	/// Lineage flag returned as is by `model_summary` (not derived from the licences).
	pub non_commercial_lineage: bool,
	/// Direct parents and how the model was derived from each (not checked).
	pub parents: Vec<(ModelId, Derivation)>,
	/// Datasets the model was trained on (not checked).
	pub datasets: Vec<DatasetId>,
	/// Operators: accounts that may act for the model besides its owner.
	pub operators: Vec<AccountId>,
}

impl MockModel {
	/// An active model of `owner`, under a permissive `Apache-2.0` licence, without commercial
	/// restriction in its lineage, parents, datasets or operators.
	pub fn new(owner: AccountId) -> Self {
		Self {
			owner,
			status: Status::Active,
			license: License::permissive(b"Apache-2.0"),
			non_commercial_lineage: false,
			parents: Vec::new(),
			datasets: Vec::new(),
			operators: Vec::new(),
		}
	}

	/// Replaces the parents by `parents`, each derived as a [`Derivation::FineTune`].
	pub fn parents(self, parents: Vec<ModelId>) -> Self {
		self.derived_from(parents.into_iter().map(|p| (p, Derivation::FineTune)).collect())
	}

	/// Replaces the parents by `parents`, with their derivations.
	pub fn derived_from(mut self, parents: Vec<(ModelId, Derivation)>) -> Self {
		self.parents = parents;
		self
	}

	/// Replaces the training datasets.
	pub fn datasets(mut self, datasets: Vec<DatasetId>) -> Self {
		self.datasets = datasets;
		self
	}

	/// Replaces the operators.
	pub fn operators(mut self, operators: Vec<AccountId>) -> Self {
		self.operators = operators;
		self
	}

	/// Replaces the licence (the lineage flag is left as it is).
	pub fn license(mut self, license: License) -> Self {
		self.license = license;
		self
	}

	/// Sets the lineage flag returned by `model_summary`.
	pub fn non_commercial_lineage(mut self, flag: bool) -> Self {
		self.non_commercial_lineage = flag;
		self
	}
}

/// The datasets of the registry, by id.
type DatasetMap = BTreeMap<DatasetId, MockDataset>;
/// The models of the registry, by id.
type ModelMap = BTreeMap<ModelId, MockModel>;

thread_local! {
	static DATASETS: RefCell<DatasetMap> = const { RefCell::new(BTreeMap::new()) };
	static DATASET_READS: Cell<u32> = const { Cell::new(0) };
	static MODELS: RefCell<ModelMap> = const { RefCell::new(BTreeMap::new()) };
}

/// The in-memory dataset and model registry (see the [crate] documentation).
pub struct MockRegistry;

impl MockRegistry {
	/// Forgets every dataset and model and resets the dataset read counter.
	pub fn reset() {
		DATASETS.with(|d| d.borrow_mut().clear());
		DATASET_READS.with(|r| r.set(0));
		MODELS.with(|m| m.borrow_mut().clear());
		Self::reset_disputes();
	}

	/// Stores (or replaces) dataset `id`.
	pub fn insert_dataset(id: DatasetId, dataset: MockDataset) {
		DATASETS.with(|d| {
			d.borrow_mut().insert(id, dataset);
		});
	}

	/// Stores an active dataset of `owner` (`CC-BY-4.0`) with `contributors` as given (even
	/// invalid) under the next dataset id, and returns that id.
	pub fn add_dataset(owner: AccountId, contributors: Vec<(AccountId, Perbill)>) -> DatasetId {
		Self::add_dataset_with(MockDataset::new(owner).contributors(contributors))
	}

	/// Stores `dataset` under the next dataset id (the last one plus one, `0` when there is none)
	/// and returns that id.
	pub fn add_dataset_with(dataset: MockDataset) -> DatasetId {
		DATASETS.with(|d| {
			let mut d = d.borrow_mut();
			let id = d.keys().next_back().map_or(0, |last| last + 1);
			d.insert(id, dataset);
			id
		})
	}

	/// Marks dataset `id` retracted (no-op if it does not exist).
	pub fn retract_dataset(id: DatasetId) {
		DATASETS.with(|d| {
			if let Some(dataset) = d.borrow_mut().get_mut(&id) {
				dataset.status = Status::Retracted;
			}
		});
	}

	/// Removes dataset `id` altogether.
	pub fn remove_dataset(id: DatasetId) {
		DATASETS.with(|d| {
			d.borrow_mut().remove(&id);
		});
	}

	/// A copy of dataset `id`, if it exists.
	pub fn dataset(id: DatasetId) -> Option<MockDataset> {
		DATASETS.with(|d| d.borrow().get(&id).cloned())
	}

	/// How many times `dataset_summary` has been called since the last [`MockRegistry::reset`].
	pub fn dataset_reads() -> u32 {
		DATASET_READS.with(|r| r.get())
	}

	/// Stores (or replaces) model `id`.
	pub fn insert_model(id: ModelId, model: MockModel) {
		MODELS.with(|m| {
			m.borrow_mut().insert(id, model);
		});
	}

	/// Stores an active model of `owner` (`Apache-2.0`) with `parents` (as fine-tunes) and
	/// `datasets`, neither checked, under the next model id, and returns that id.
	pub fn add_model(owner: AccountId, parents: Vec<ModelId>, datasets: Vec<DatasetId>) -> ModelId {
		Self::add_model_with(MockModel::new(owner).parents(parents).datasets(datasets))
	}

	/// Stores `model` under the next model id (the last one plus one, `0` when there is none) and
	/// returns that id.
	pub fn add_model_with(model: MockModel) -> ModelId {
		MODELS.with(|m| {
			let mut m = m.borrow_mut();
			let id = m.keys().next_back().map_or(0, |last| last + 1);
			m.insert(id, model);
			id
		})
	}

	/// The content root the mock gives dataset `id`: `id` in the last bytes.
	pub fn dataset_root(id: DatasetId) -> H256 {
		H256::from_low_u64_be(id)
	}

	/// Marks model `id` retracted (no-op if it does not exist).
	pub fn retract_model(id: ModelId) {
		MODELS.with(|m| {
			if let Some(model) = m.borrow_mut().get_mut(&id) {
				model.status = Status::Retracted;
			}
		});
	}

	/// Removes model `id` altogether.
	pub fn remove_model(id: ModelId) {
		MODELS.with(|m| {
			m.borrow_mut().remove(&id);
		});
	}

	/// Adds `who` to the operators of model `id` (no-op if the model does not exist).
	pub fn add_operator(id: ModelId, who: AccountId) {
		MODELS.with(|m| {
			if let Some(model) = m.borrow_mut().get_mut(&id) {
				model.operators.push(who);
			}
		});
	}

	/// Removes `who` from the operators of model `id`.
	pub fn remove_operator(id: ModelId, who: AccountId) {
		MODELS.with(|m| {
			if let Some(model) = m.borrow_mut().get_mut(&id) {
				model.operators.retain(|op| *op != who);
			}
		});
	}

	/// A copy of model `id`, if it exists.
	pub fn model(id: ModelId) -> Option<MockModel> {
		MODELS.with(|m| m.borrow().get(&id).cloned())
	}
}

impl DatasetInspect<AccountId> for MockRegistry {
	/// Counts the call (see [`MockRegistry::dataset_reads`]), then returns the stored owner,
	/// status and licence.
	fn dataset_summary(id: DatasetId) -> Option<DatasetSummary<AccountId>> {
		DATASET_READS.with(|r| r.set(r.get().saturating_add(1)));
		DATASETS.with(|d| {
			d.borrow().get(&id).map(|dataset| DatasetSummary {
				owner: dataset.owner,
				content_root: MockRegistry::dataset_root(id),
				status: dataset.status,
				license: dataset.license.clone(),
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
			m.borrow().get(&id).map(|model| ModelSummary {
				owner: model.owner,
				status: model.status,
				license: model.license.clone(),
				non_commercial_lineage: model.non_commercial_lineage,
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

	fn model_parents(id: ModelId) -> Vec<(ModelId, Derivation)> {
		MODELS.with(|m| m.borrow().get(&id).map(|x| x.parents.clone()).unwrap_or_default())
	}

	fn model_datasets(id: ModelId) -> Vec<DatasetId> {
		MODELS.with(|m| m.borrow().get(&id).map(|x| x.datasets.clone()).unwrap_or_default())
	}
}

impl DatasetBenchmarkHelper<AccountId> for MockRegistry {
	/// Stores an active dataset with the given licence and contributors (the owner alone when
	/// empty) under the next dataset id; `seed` is ignored.
	fn create_dataset(
		owner: AccountId,
		license: License,
		contributors: Vec<(AccountId, Perbill)>,
		_seed: u32,
	) -> DatasetId {
		let mut dataset = MockDataset::new(owner).license(license);
		if !contributors.is_empty() {
			dataset = dataset.contributors(contributors);
		}
		Self::add_dataset_with(dataset)
	}
}

impl ModelBenchmarkHelper<AccountId> for MockRegistry {
	/// Stores an active `Apache-2.0` model with the given parents (derivations kept) and datasets
	/// under the next model id; `seed` is ignored.
	fn create_model(
		owner: AccountId,
		parents: Vec<(ModelId, Derivation)>,
		datasets: Vec<DatasetId>,
		_seed: u32,
	) -> ModelId {
		Self::add_model_with(MockModel::new(owner).derived_from(parents).datasets(datasets))
	}
}

/// Licences the tests use most: each grants every right but the one its name says.
pub mod licenses {
	use provenance_primitives::License;

	/// A licence with every right granted (`Apache-2.0`).
	pub fn open() -> License {
		License::permissive(b"Apache-2.0")
	}

	/// A licence forbidding commercial use only (`CC-BY-NC-4.0`).
	pub fn non_commercial() -> License {
		License { commercial_use: false, ..License::permissive(b"CC-BY-NC-4.0") }
	}

	/// A licence forbidding derivatives only (`CC-BY-ND-4.0`).
	pub fn no_derivatives() -> License {
		License { derivatives_allowed: false, ..License::permissive(b"CC-BY-ND-4.0") }
	}

	/// A licence forbidding AI training only (`LicenseRef-NoAI`).
	pub fn no_training() -> License {
		License { ai_training_allowed: false, ..License::permissive(b"LicenseRef-NoAI") }
	}
}

thread_local! {
	static OWNERSHIP_CHANGES: RefCell<Vec<Asset>> = const { RefCell::new(Vec::new()) };
}

/// An `OnOwnershipChanged` for the registries' mock runtimes: records every notification (the
/// runtime resets royalty settings). Read with [`RecordOwnershipChanges::recorded`].
pub struct RecordOwnershipChanges;

impl RecordOwnershipChanges {
	/// The ownership changes notified so far on this thread.
	pub fn recorded() -> Vec<Asset> {
		OWNERSHIP_CHANGES.with(|changes| changes.borrow().clone())
	}
}

impl provenance_primitives::OnOwnershipChanged for RecordOwnershipChanges {
	fn ownership_changed(asset: Asset) {
		OWNERSHIP_CHANGES.with(|changes| changes.borrow_mut().push(asset));
	}
}

/// What the mock registry was asked to do by verdicts, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerdictEffect {
	/// `DisputeRegistry::retract(target, deposit_to)`.
	Retracted(DisputeTarget, AccountId),
	/// `DisputeRegistry::transfer(target, to)`.
	Transferred(DisputeTarget, AccountId),
	/// `RoyaltyEscrow::release_escrow(asset, release)` with the amount released.
	EscrowReleased(Asset, EscrowRelease<AccountId>, u128),
}

thread_local! {
	static CLAIMS: RefCell<BTreeMap<DisputeTarget, AccountId>> = const { RefCell::new(BTreeMap::new()) };
	static EFFECTS: RefCell<Vec<VerdictEffect>> = const { RefCell::new(Vec::new()) };
	static ESCROW: RefCell<BTreeMap<Asset, u128>> = const { RefCell::new(BTreeMap::new()) };
}

impl MockRegistry {
	/// Stores an inference claim or batch `target` submitted by `submitter` (for the disputes
	/// tests; datasets and models are stored with `add_dataset`/`add_model`).
	pub fn add_claim(target: DisputeTarget, submitter: AccountId) {
		CLAIMS.with(|c| {
			c.borrow_mut().insert(target, submitter);
		});
	}

	/// Whether the inference claim or batch `target` is stored.
	pub fn has_claim(target: DisputeTarget) -> bool {
		CLAIMS.with(|c| c.borrow().contains_key(&target))
	}

	/// Puts `amount` in escrow for `asset` (released by `RoyaltyEscrow::release_escrow`).
	pub fn escrow(asset: Asset, amount: u128) {
		ESCROW.with(|e| {
			e.borrow_mut().insert(asset, amount);
		});
	}

	/// The verdict effects and escrow releases asked for since the last
	/// [`MockRegistry::reset_disputes`].
	pub fn effects() -> Vec<VerdictEffect> {
		EFFECTS.with(|e| e.borrow().clone())
	}

	/// Forgets claims, escrow and recorded effects.
	pub fn reset_disputes() {
		CLAIMS.with(|c| c.borrow_mut().clear());
		EFFECTS.with(|e| e.borrow_mut().clear());
		ESCROW.with(|e| e.borrow_mut().clear());
	}

	fn record(effect: VerdictEffect) {
		EFFECTS.with(|e| e.borrow_mut().push(effect));
	}

	fn status_of(target: &DisputeTarget) -> Option<(AccountId, Status)> {
		match target {
			DisputeTarget::Dataset(id) => Self::dataset(*id).map(|d| (d.owner, d.status)),
			DisputeTarget::Model(id) => Self::model(*id).map(|m| (m.owner, m.status)),
			other => CLAIMS.with(|c| c.borrow().get(other).map(|who| (*who, Status::Active))),
		}
	}

	fn set_status(target: &DisputeTarget, from: Status, to: Status) {
		match target {
			DisputeTarget::Dataset(id) => DATASETS.with(|d| {
				if let Some(dataset) = d.borrow_mut().get_mut(id).filter(|d| d.status == from) {
					dataset.status = to;
				}
			}),
			DisputeTarget::Model(id) => MODELS.with(|m| {
				if let Some(model) = m.borrow_mut().get_mut(id).filter(|m| m.status == from) {
					model.status = to;
				}
			}),
			_ => {}
		}
	}
}

/// Verdicts change the mock records (status, owner) and are recorded as [`VerdictEffect`]s;
/// deposits are not modelled.
impl DisputeRegistry<AccountId> for MockRegistry {
	fn answerable(target: &DisputeTarget) -> Option<(AccountId, Status)> {
		Self::status_of(target)
	}

	fn set_disputed(target: &DisputeTarget, disputed: bool) -> DispatchResult {
		if disputed {
			Self::set_status(target, Status::Active, Status::Disputed);
		} else {
			Self::set_status(target, Status::Disputed, Status::Active);
		}
		Ok(())
	}

	fn retract(target: &DisputeTarget, deposit_to: &AccountId) -> DispatchResult {
		match target {
			DisputeTarget::Dataset(_) | DisputeTarget::Model(_) => {
				Self::set_status(target, Status::Active, Status::Retracted);
				Self::set_status(target, Status::Disputed, Status::Retracted);
			}
			other => {
				CLAIMS.with(|c| c.borrow_mut().remove(other));
			}
		}
		Self::record(VerdictEffect::Retracted(*target, *deposit_to));
		Ok(())
	}

	fn transfer(target: &DisputeTarget, to: &AccountId) -> DispatchResult {
		match target {
			DisputeTarget::Dataset(id) => DATASETS.with(|d| {
				if let Some(dataset) = d.borrow_mut().get_mut(id) {
					dataset.owner = *to;
				}
			}),
			DisputeTarget::Model(id) => MODELS.with(|m| {
				if let Some(model) = m.borrow_mut().get_mut(id) {
					model.owner = *to;
				}
			}),
			_ => return Err(DispatchError::Other("not transferable")),
		}
		Self::record(VerdictEffect::Transferred(*target, *to));
		Ok(())
	}
}

impl RoyaltyEscrow<AccountId, u128> for MockRegistry {
	fn release_escrow(
		asset: Asset,
		release: EscrowRelease<AccountId>,
	) -> Result<u128, DispatchError> {
		let amount = ESCROW.with(|e| e.borrow_mut().remove(&asset)).unwrap_or(0);
		if amount > 0 {
			Self::record(VerdictEffect::EscrowReleased(asset, release, amount));
		}
		Ok(amount)
	}
}

impl EscrowBenchmarkHelper<AccountId> for MockRegistry {
	fn worst_case_escrow(asset: Asset) {
		Self::escrow(asset, 1_000);
	}
}
