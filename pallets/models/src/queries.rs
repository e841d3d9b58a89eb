//! Read access for the runtime API and for other pallets ([`ModelInspect`]).

use crate::{pallet::*, Model};
use alloc::{
	boxed::Box,
	collections::{BTreeSet, VecDeque},
	vec::Vec,
};
use frame_support::traits::Get;
use provenance_primitives::{
	views::{Descendants, EdgeKind, Lineage, LineageEdge, LineageNode, ModelView},
	Asset, DatasetId, DatasetInspect, Derivation, License, ModelId, ModelInspect, ModelLinks,
	ModelSummary, Status,
};
use sp_core::H256;
use sp_runtime::traits::UniqueSaturatedInto;

impl<T: Config> Pallet<T> {
	/// The model `id` as the runtime API returns it, or `None` if it does not exist.
	pub fn model_view(id: ModelId) -> Option<ModelView<T::AccountId>> {
		let model = Models::<T>::get(id)?;
		Some(Self::view(id, model))
	}

	/// The id of the model registered with `root` as weights root, if any.
	pub fn model_id_by_root(root: H256) -> Option<ModelId> {
		ModelByRoot::<T>::get(root)
	}

	/// The ancestry of model `id`: a breadth-first walk over parents and datasets.
	///
	/// Every node is listed once (in the order first reached); every edge between listed nodes is
	/// listed, so a diamond shows both paths. The walk does not expand models at `max_depth` (the
	/// root is at depth 0) and lists at most `max_nodes` models and datasets; `truncated` is set
	/// when either limit left a node or edge out. `None` if the model does not exist. The limits
	/// are clamped to [`Config::MaxQueryDepth`] and [`Config::MaxQueryNodes`].
	///
	/// Every listed node carries its status. `tainted_ancestry` is set when a listed ancestor is
	/// retracted or displaced; when the caller's limits are below the runtime's, a second walk at
	/// the runtime's limits decides it, so a shallow query still sees a tainted deep ancestor.
	pub fn lineage(id: ModelId, max_depth: u32, max_nodes: u32) -> Option<Lineage> {
		let (depth_limit, nodes_limit) = (T::MaxQueryDepth::get(), T::MaxQueryNodes::get());
		let mut out =
			Self::walk_lineage(id, max_depth.min(depth_limit), max_nodes.min(nodes_limit))?;
		if !out.tainted_ancestry
			&& (max_depth < depth_limit || max_nodes < nodes_limit)
			&& out.truncated
		{
			out.tainted_ancestry = Self::walk_lineage(id, depth_limit, nodes_limit)
				.is_some_and(|full| full.tainted_ancestry);
		}
		Some(out)
	}

	/// One breadth-first lineage walk within the given (already clamped) limits.
	fn walk_lineage(id: ModelId, max_depth: u32, max_nodes: u32) -> Option<Lineage> {
		let root = Models::<T>::get(id)?;
		let mut out = Lineage {
			root: id,
			status: root.status,
			weights_root: root.weights_root,
			license: root.license.clone(),
			tainted_ancestry: false,
			models: Vec::new(),
			datasets: Vec::new(),
			edges: Vec::new(),
			truncated: false,
		};
		let tainted = |status: Status| matches!(status, Status::Retracted | Status::Displaced);
		let mut seen_models = BTreeSet::from([id]);
		let mut seen_datasets = BTreeSet::<DatasetId>::new();
		let mut listed: u32 = 0;
		let mut queue = VecDeque::from([(id, 0u32, root)]);

		while let Some((from, depth, model)) = queue.pop_front() {
			if depth >= max_depth {
				if !model.parents.is_empty() || !model.datasets.is_empty() {
					out.truncated = true;
				}
				continue;
			}
			for (parent_id, how) in model.parents.iter() {
				if !seen_models.contains(parent_id) {
					let parent = match Models::<T>::get(parent_id) {
						Some(parent) if listed < max_nodes => parent,
						Some(_) => {
							out.truncated = true;
							continue;
						}
						// Unreachable while the registry is consistent; skip rather than fail.
						None => continue,
					};
					listed = listed.saturating_add(1);
					seen_models.insert(*parent_id);
					out.tainted_ancestry |= tainted(parent.status);
					out.models.push(LineageNode {
						id: *parent_id,
						status: parent.status,
						root: parent.weights_root,
						license: parent.license.clone(),
					});
					queue.push_back((*parent_id, depth.saturating_add(1), parent));
				}
				out.edges.push(LineageEdge {
					from,
					to: Asset::Model(*parent_id),
					kind: EdgeKind::Derived(*how),
				});
			}
			for dataset_id in model.datasets.iter() {
				if !seen_datasets.contains(dataset_id) {
					if listed >= max_nodes {
						out.truncated = true;
						continue;
					}
					listed = listed.saturating_add(1);
					seen_datasets.insert(*dataset_id);
					// Unreachable while the registry is consistent: shown as retracted, with a
					// zero root and an empty licence.
					let node = match T::Datasets::dataset_summary(*dataset_id) {
						Some(d) => LineageNode {
							id: *dataset_id,
							status: d.status,
							root: d.content_root,
							license: d.license,
						},
						None => LineageNode {
							id: *dataset_id,
							status: Status::Retracted,
							root: H256::zero(),
							license: License {
								spdx: Default::default(),
								commercial_use: false,
								derivatives_allowed: false,
								ai_training_allowed: false,
								terms_hash: None,
							},
						},
					};
					out.tainted_ancestry |= tainted(node.status);
					out.datasets.push(node);
				}
				out.edges.push(LineageEdge {
					from,
					to: Asset::Dataset(*dataset_id),
					kind: EdgeKind::TrainedOn,
				});
			}
		}
		Some(out)
	}

	/// Every model derived from `asset`, directly or transitively: a breadth-first walk over the
	/// `Children` and `ModelsByDataset` reverse indices (prefix iteration, no scan of all models).
	///
	/// Each model is listed once; the walk does not expand models at `max_depth` (the asset is at
	/// depth 0) and lists at most `max_nodes` models; `truncated` is set when either limit left a
	/// model out. `None` if the asset does not exist. The limits are clamped to
	/// [`Config::MaxQueryDepth`] and [`Config::MaxQueryNodes`].
	pub fn descendants(asset: Asset, max_depth: u32, max_nodes: u32) -> Option<Descendants> {
		let max_depth = max_depth.min(T::MaxQueryDepth::get());
		let max_nodes = max_nodes.min(T::MaxQueryNodes::get());
		match asset {
			Asset::Model(id) if !Models::<T>::contains_key(id) => return None,
			Asset::Dataset(id) => {
				T::Datasets::dataset_summary(id)?;
			}
			Asset::Model(_) => {}
		}
		let mut out = Descendants::default();
		let mut seen = BTreeSet::<ModelId>::new();
		if let Asset::Model(id) = asset {
			seen.insert(id);
		}
		let mut queue = VecDeque::from([(asset, 0u32)]);

		'walk: while let Some((node, depth)) = queue.pop_front() {
			if depth >= max_depth {
				if Self::derived_from(node).next().is_some() {
					out.truncated = true;
				}
				continue;
			}
			for child in Self::derived_from(node) {
				if seen.contains(&child) {
					continue;
				}
				if out.models.len() >= max_nodes as usize {
					out.truncated = true;
					break 'walk;
				}
				seen.insert(child);
				out.models.push(child);
				queue.push_back((Asset::Model(child), depth.saturating_add(1)));
			}
		}
		Some(out)
	}

	/// The models directly derived from (or trained on) `asset`, read from the reverse indices.
	fn derived_from(asset: Asset) -> Box<dyn Iterator<Item = ModelId>> {
		match asset {
			Asset::Model(id) => Box::new(Children::<T>::iter_key_prefix(id)),
			Asset::Dataset(id) => Box::new(ModelsByDataset::<T>::iter_key_prefix(id)),
		}
	}

	fn view(id: ModelId, model: Model<T>) -> ModelView<T::AccountId> {
		ModelView {
			id,
			owner: model.owner,
			weights_root: model.weights_root,
			config_hash: model.config_hash,
			uri: model.uri.into_inner(),
			license: model.license,
			metadata: model.metadata.into_inner(),
			parents: model.parents.into_inner(),
			datasets: model.datasets.into_inner(),
			operators: Operators::<T>::get(id).into_inner(),
			registered_at: model.registered_at.unique_saturated_into(),
			status: model.status,
		}
	}
}

impl<T: Config> ModelInspect<T::AccountId> for Pallet<T> {
	fn model_summary(id: ModelId) -> Option<ModelSummary<T::AccountId>> {
		Models::<T>::get(id).map(|model| ModelSummary {
			owner: model.owner,
			status: model.status,
			license: model.license,
			non_commercial_lineage: model.non_commercial_lineage,
		})
	}

	fn is_owner_or_operator(id: ModelId, who: &T::AccountId) -> bool {
		match Models::<T>::get(id) {
			Some(model) if &model.owner == who => true,
			Some(_) => Operators::<T>::get(id).contains(who),
			None => false,
		}
	}

	fn model_parents(id: ModelId) -> Vec<(ModelId, Derivation)> {
		Models::<T>::get(id).map(|model| model.parents.into_inner()).unwrap_or_default()
	}

	fn model_datasets(id: ModelId) -> Vec<DatasetId> {
		Models::<T>::get(id).map(|model| model.datasets.into_inner()).unwrap_or_default()
	}

	fn model_links(id: ModelId) -> Option<ModelLinks<T::AccountId>> {
		Models::<T>::get(id).map(|model| ModelLinks {
			summary: ModelSummary {
				owner: model.owner,
				status: model.status,
				license: model.license,
				non_commercial_lineage: model.non_commercial_lineage,
			},
			parents: model.parents.into_inner(),
			datasets: model.datasets.into_inner(),
		})
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> provenance_primitives::ModelBenchmarkHelper<T::AccountId> for Pallet<T> {
	fn create_model(
		owner: T::AccountId,
		parents: Vec<(ModelId, Derivation)>,
		datasets: Vec<DatasetId>,
		seed: u32,
	) -> ModelId {
		use codec::Encode;
		use frame_support::BoundedVec;
		use provenance_primitives::License;

		let id = NextModelId::<T>::get();
		Self::fund_for_benchmarks(&owner);
		let weights_root = <sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(
			&(b"model", seed, id).encode(),
		);
		let result = Self::do_register(
			owner,
			weights_root,
			H256::repeat_byte(1),
			BoundedVec::truncate_from(b"ipfs://model".to_vec()),
			License::permissive(b"Apache-2.0"),
			BoundedVec::new(),
			BoundedVec::truncate_from(parents),
			BoundedVec::truncate_from(datasets),
			None,
		);
		match result {
			Ok(registered) => registered.id,
			Err(e) => {
				log::error!(target: "runtime::models", "benchmark model not created: {e:?}");
				id
			}
		}
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Mints to `who` enough to pay the largest possible model deposit several times over.
	pub fn fund_for_benchmarks(who: &T::AccountId) {
		use codec::MaxEncodedLen;
		use frame_support::traits::{
			fungible::{Inspect, Mutate},
			Get,
		};
		use sp_runtime::traits::Saturating;

		let max_bytes = Model::<T>::max_encoded_len().saturating_mul(2).saturating_add(
			(T::MaxOperators::get() as usize).saturating_mul(T::AccountId::max_encoded_len()),
		);
		let bytes = u32::try_from(max_bytes).unwrap_or(u32::MAX);
		let deposit = T::DepositBase::get()
			.saturating_add(T::DepositPerByte::get().saturating_mul(bytes.into()));
		let amount =
			deposit.saturating_mul(8u32.into()).saturating_add(T::Currency::minimum_balance());
		let _ = T::Currency::mint_into(who, amount);
	}
}
