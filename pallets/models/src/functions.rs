//! What the calls do, one `do_*` function per call, and the deposit arithmetic.

use crate::{pallet::*, BalanceOf, CommitmentOf, Model};
use codec::{Encode, MaxEncodedLen};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	registration_commitment, Asset, Commitment, DatasetId, DatasetInspect, Derivation, License,
	ModelId, OnOwnershipChanged, Registered, Status,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError,
};

/// Bytes of one `ModelByRoot` entry: the weights root and the id.
const ROOT_INDEX_BYTES: usize = 32 + 8;
/// Bytes of one `Children` entry: parent id, child id, derivation.
const CHILD_INDEX_BYTES: usize = 8 + 8 + 1;
/// Bytes of one `ModelsByDataset` entry: dataset id, model id.
const DATASET_INDEX_BYTES: usize = 8 + 8;

impl<T: Config> Pallet<T> {
	/// Registers a model owned by `who`; see [`Pallet::register`] for the rules.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_register(
		who: T::AccountId,
		weights_root: H256,
		config_hash: H256,
		uri: BoundedVec<u8, T::MaxUriLen>,
		license: License,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
		parents: BoundedVec<(ModelId, Derivation), T::MaxParents>,
		datasets: BoundedVec<DatasetId, T::MaxDatasets>,
		salt: Option<[u8; 32]>,
	) -> Result<Registered<ModelId>, DispatchError> {
		let committed_at = match salt {
			Some(salt) => Some(Self::take_commitment(&who, &weights_root, &salt)?),
			None => None,
		};
		let displaced = match ModelByRoot::<T>::get(weights_root) {
			None => None,
			Some(existing) => {
				let model = Models::<T>::get(existing).ok_or(Error::<T>::AlreadyRegistered)?;
				// Only a model registered (by someone else) in a block after the commitment was
				// made can be taken over.
				let displaceable = committed_at
					.is_some_and(|made_at| model.registered_at > made_at && model.owner != who);
				ensure!(displaceable, Error::<T>::AlreadyRegistered);
				Some((existing, model))
			}
		};
		ensure!(!has_duplicate(parents.iter().map(|(id, _)| id)), Error::<T>::DuplicateParent);
		ensure!(!has_duplicate(datasets.iter()), Error::<T>::DuplicateDataset);

		// Only direct parents and datasets are read: each parent's `non_commercial_lineage`
		// already summarises its whole ancestry, so the transitive rule costs O(p + d).
		let mut restricted_upstream = false;
		for (parent_id, how) in parents.iter() {
			let parent = Models::<T>::get(parent_id).ok_or(Error::<T>::UnknownParent)?;
			ensure!(parent.status.is_usable(), Error::<T>::Retracted);
			let owns = parent.owner == who;
			ensure!(
				owns || parent.license.derivatives_allowed,
				Error::<T>::DerivativesNotPermitted
			);
			ensure!(
				owns || *how != Derivation::Distillation || parent.license.ai_training_allowed,
				Error::<T>::TrainingNotPermitted
			);
			restricted_upstream = restricted_upstream || parent.non_commercial_lineage;
		}
		for dataset_id in datasets.iter() {
			let dataset =
				T::Datasets::dataset_summary(*dataset_id).ok_or(Error::<T>::UnknownDataset)?;
			ensure!(dataset.status.is_usable(), Error::<T>::Retracted);
			ensure!(
				dataset.owner == who || dataset.license.ai_training_allowed,
				Error::<T>::TrainingNotPermitted
			);
			restricted_upstream = restricted_upstream || !dataset.license.commercial_use;
		}
		ensure!(
			!(license.commercial_use && restricted_upstream),
			Error::<T>::CommercialUseNotPermitted
		);

		let id = NextModelId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let mut model = Model::<T> {
			owner: who.clone(),
			weights_root,
			config_hash,
			uri,
			non_commercial_lineage: restricted_upstream || !license.commercial_use,
			license,
			metadata,
			parents,
			datasets,
			registered_at: frame_system::Pallet::<T>::block_number(),
			status: Status::Active,
			deposit: Zero::zero(),
		};
		model.deposit = Self::deposit_for(&model, 0);
		Self::hold_deposit(&who, model.deposit)?;
		let displaced_any = displaced.is_some();
		if let Some((displaced_id, displaced_model)) = displaced {
			Self::displace(displaced_id, displaced_model, &who, id)?;
		}

		for (parent_id, how) in model.parents.iter() {
			Children::<T>::insert(parent_id, id, how);
		}
		for dataset_id in model.datasets.iter() {
			ModelsByDataset::<T>::insert(dataset_id, id, ());
		}
		ModelByRoot::<T>::insert(weights_root, id);
		Models::<T>::insert(id, model);
		NextModelId::<T>::put(next_id);

		Self::deposit_event(Event::ModelRegistered { id, owner: who, weights_root });
		Ok(Registered { id, displaced: displaced_any })
	}

	/// Replaces `uri` and `metadata`, adjusting the deposit.
	pub(crate) fn do_update_metadata(
		who: T::AccountId,
		id: ModelId,
		uri: BoundedVec<u8, T::MaxUriLen>,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
	) -> DispatchResult {
		let mut model = Self::owned_model(&who, id)?;
		model.uri = uri;
		model.metadata = metadata;
		let operators = Operators::<T>::decode_len(id).unwrap_or(0);
		let deposit = Self::deposit_for(&model, operators);
		Self::adjust_deposit(&who, model.deposit, deposit)?;
		model.deposit = deposit;
		Models::<T>::insert(id, model);

		Self::deposit_event(Event::MetadataUpdated { id });
		Ok(())
	}

	/// Records a commitment of `who`; see [`Pallet::commit`].
	pub(crate) fn do_commit(who: T::AccountId, commitment: H256) -> DispatchResult {
		ensure!(!Commitments::<T>::contains_key(commitment), Error::<T>::AlreadyCommitted);
		let deposit = T::CommitmentDeposit::get();
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::CommitmentDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
		}
		let made_at = frame_system::Pallet::<T>::block_number();
		Commitments::<T>::insert(commitment, Commitment { who: who.clone(), made_at, deposit });
		Self::deposit_event(Event::Committed { who, commitment });
		Ok(())
	}

	/// Removes a commitment and releases its deposit; see [`Pallet::clear_commitment`].
	pub(crate) fn do_clear_commitment(who: T::AccountId, commitment: H256) -> DispatchResult {
		let pending = Commitments::<T>::get(commitment).ok_or(Error::<T>::UnknownCommitment)?;
		if pending.who != who {
			let expires_at = pending.made_at.saturating_add(T::CommitmentLifetime::get());
			ensure!(
				frame_system::Pallet::<T>::block_number() > expires_at,
				Error::<T>::CommitmentNotExpired
			);
		}
		Commitments::<T>::remove(commitment);
		Self::release_commitment_deposit(&pending)?;
		Self::deposit_event(Event::CommitmentCleared { commitment });
		Ok(())
	}

	/// Consumes the matured, unexpired commitment of `who` to `weights_root` with `salt`;
	/// returns the block it was made in.
	fn take_commitment(
		who: &T::AccountId,
		weights_root: &H256,
		salt: &[u8; 32],
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let commitment = registration_commitment(weights_root, who, salt);
		let pending = Commitments::<T>::get(commitment).ok_or(Error::<T>::UnknownCommitment)?;
		ensure!(pending.who == *who, Error::<T>::UnknownCommitment);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > pending.made_at, Error::<T>::CommitmentNotMatured);
		let expires_at = pending.made_at.saturating_add(T::CommitmentLifetime::get());
		ensure!(now <= expires_at, Error::<T>::CommitmentExpired);
		Commitments::<T>::remove(commitment);
		Self::release_commitment_deposit(&pending)?;
		Ok(pending.made_at)
	}

	fn release_commitment_deposit(pending: &CommitmentOf<T>) -> DispatchResult {
		if pending.deposit.is_zero() {
			return Ok(());
		}
		T::Currency::release(
			&HoldReason::CommitmentDeposit.into(),
			&pending.who,
			pending.deposit,
			Precision::BestEffort,
		)
		.map(|_| ())
	}

	/// Marks `model` (`id`) displaced by the committer `by_who`'s new model `by`: its operators
	/// are cleared, its whole deposit moves from its owner to the committer (free), the root
	/// will index `by`.
	fn displace(
		id: ModelId,
		mut model: Model<T>,
		by_who: &T::AccountId,
		by: ModelId,
	) -> DispatchResult {
		let deposit = model.deposit;
		if !deposit.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::ModelDeposit.into(),
				&model.owner,
				by_who,
				deposit,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		let cleared = Operators::<T>::take(id);
		model.deposit = Zero::zero();
		model.status = Status::Displaced;
		Models::<T>::insert(id, model);
		PendingTransfers::<T>::remove(id);
		for operator in cleared {
			Self::deposit_event(Event::OperatorRemoved { id, operator });
		}
		Self::deposit_event(Event::ModelDisplaced { id, by, deposit });
		Ok(())
	}

	/// Records an offer of `id` to `to`; see [`Pallet::offer_transfer`].
	pub(crate) fn do_offer_transfer(
		who: T::AccountId,
		id: ModelId,
		to: T::AccountId,
	) -> DispatchResult {
		let model = Self::owned_model(&who, id)?;
		ensure!(model.status != Status::Disputed, Error::<T>::UnderDispute);
		ensure!(model.status == Status::Active, Error::<T>::Retracted);
		ensure!(to != who, Error::<T>::AlreadyOwner);
		PendingTransfers::<T>::insert(id, to.clone());
		Self::deposit_event(Event::TransferOffered { id, from: who, to });
		Ok(())
	}

	/// Hands the model to `who`, to whom it was offered; see [`Pallet::accept_transfer`].
	pub(crate) fn do_accept_transfer(who: T::AccountId, id: ModelId) -> DispatchResult {
		let model = Models::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		let offered_to = PendingTransfers::<T>::get(id).ok_or(Error::<T>::NoOffer)?;
		ensure!(offered_to == who, Error::<T>::NotOfferedToYou);
		ensure!(model.status != Status::Disputed, Error::<T>::UnderDispute);
		ensure!(model.status == Status::Active, Error::<T>::Retracted);
		Self::hand_over(id, model, who, Fortitude::Polite)
	}

	/// Makes `to` the owner of `model` (`id`), clearing its operators and moving its deposit
	/// (still held); any offer is dropped and the royalty settings are reset.
	fn hand_over(
		id: ModelId,
		mut model: Model<T>,
		to: T::AccountId,
		fortitude: Fortitude,
	) -> DispatchResult {
		let from = model.owner.clone();
		let cleared = Operators::<T>::take(id);
		// The recorded deposit is what is actually held: release the operators' part, move the
		// rest. Working from the record keeps holds and records in step even if the deposit
		// constants changed since registration.
		let released = model.deposit.saturating_sub(Self::deposit_for(&model, 0));
		let moved = model.deposit.saturating_sub(released);
		Self::release_deposit(&from, released)?;
		if !moved.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::ModelDeposit.into(),
				&from,
				&to,
				moved,
				Precision::Exact,
				Restriction::OnHold,
				fortitude,
			)?;
		}
		model.owner = to.clone();
		model.deposit = moved;
		Models::<T>::insert(id, model);
		PendingTransfers::<T>::remove(id);
		T::OnOwnershipChanged::ownership_changed(Asset::Model(id));

		for operator in cleared {
			Self::deposit_event(Event::OperatorRemoved { id, operator });
		}
		Self::deposit_event(Event::OwnershipTransferred { id, from, to });
		Ok(())
	}

	// ---- dispute verdicts (called by the Disputes pallet through the runtime) ----

	/// Marks `id` `Disputed` (from `Active`) or `Active` again (from `Disputed`); other statuses
	/// and unknown ids are left alone.
	pub fn set_disputed(id: ModelId, disputed: bool) {
		let (from, to) = if disputed {
			(Status::Active, Status::Disputed)
		} else {
			(Status::Disputed, Status::Active)
		};
		Models::<T>::mutate(id, |model| {
			if let Some(model) = model.as_mut().filter(|m| m.status == from) {
				model.status = to;
			}
		});
	}

	/// A `Retract` verdict: `id` is retracted and the deposit its owner held for it goes to
	/// `deposit_to`, free.
	pub fn retract_by_verdict(id: ModelId, deposit_to: &T::AccountId) -> DispatchResult {
		let mut model = Models::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		ensure!(model.status.is_usable(), Error::<T>::Retracted);
		let amount = model.deposit;
		if !amount.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::ModelDeposit.into(),
				&model.owner,
				deposit_to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		let from = model.owner.clone();
		model.deposit = Zero::zero();
		model.status = Status::Retracted;
		Models::<T>::insert(id, model);
		PendingTransfers::<T>::remove(id);
		Self::deposit_event(Event::DepositForfeited { id, from, to: deposit_to.clone(), amount });
		Self::deposit_event(Event::ModelRetracted {
			id,
			reason: BoundedVec::truncate_from(b"dispute verdict".to_vec()),
		});
		Ok(())
	}

	/// A `TransferTo(to)` verdict: `to` owns `id`, with its root index and its deposit (still
	/// held, now from `to`).
	pub fn transfer_by_verdict(id: ModelId, to: &T::AccountId) -> DispatchResult {
		let model = Models::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		ensure!(model.status.is_usable(), Error::<T>::Retracted);
		ensure!(model.owner != *to, Error::<T>::AlreadyOwner);
		Self::hand_over(id, model, to.clone(), Fortitude::Force)
	}

	/// Withdraws the open offer of `id`; see [`Pallet::cancel_transfer`].
	pub(crate) fn do_cancel_transfer(who: T::AccountId, id: ModelId) -> DispatchResult {
		Self::owned_model(&who, id)?;
		let to = PendingTransfers::<T>::take(id).ok_or(Error::<T>::NoOffer)?;
		Self::deposit_event(Event::TransferCancelled { id, to });
		Ok(())
	}

	/// Retracts a model; `who` is `None` for Root.
	pub(crate) fn do_retract(
		who: Option<T::AccountId>,
		id: ModelId,
		reason: BoundedVec<u8, T::MaxReasonLen>,
	) -> DispatchResult {
		let mut model = match who {
			Some(who) => Self::owned_model(&who, id)?,
			None => Models::<T>::get(id).ok_or(Error::<T>::NotFound)?,
		};
		ensure!(model.status != Status::Disputed, Error::<T>::UnderDispute);
		ensure!(model.status == Status::Active, Error::<T>::Retracted);
		model.status = Status::Retracted;
		Models::<T>::insert(id, model);
		PendingTransfers::<T>::remove(id);

		Self::deposit_event(Event::ModelRetracted { id, reason });
		Ok(())
	}

	/// Adds an operator, growing the deposit.
	pub(crate) fn do_add_operator(
		owner: T::AccountId,
		id: ModelId,
		operator: T::AccountId,
	) -> DispatchResult {
		let mut model = Self::owned_model(&owner, id)?;
		ensure!(model.status.is_usable(), Error::<T>::Retracted);
		let mut operators = Operators::<T>::get(id);
		ensure!(!operators.contains(&operator), Error::<T>::AlreadyOperator);
		operators.try_push(operator.clone()).map_err(|_| Error::<T>::TooManyOperators)?;

		let deposit = Self::deposit_for(&model, operators.len());
		Self::adjust_deposit(&owner, model.deposit, deposit)?;
		model.deposit = deposit;
		Models::<T>::insert(id, model);
		Operators::<T>::insert(id, operators);

		Self::deposit_event(Event::OperatorAdded { id, operator });
		Ok(())
	}

	/// Removes an operator, shrinking the deposit.
	pub(crate) fn do_remove_operator(
		owner: T::AccountId,
		id: ModelId,
		operator: T::AccountId,
	) -> DispatchResult {
		let mut model = Self::owned_model(&owner, id)?;
		let mut operators = Operators::<T>::get(id);
		ensure!(operators.contains(&operator), Error::<T>::NotOperator);
		operators.retain(|o| o != &operator);

		let deposit = Self::deposit_for(&model, operators.len());
		Self::adjust_deposit(&owner, model.deposit, deposit)?;
		model.deposit = deposit;
		Models::<T>::insert(id, model);
		if operators.is_empty() {
			Operators::<T>::remove(id);
		} else {
			Operators::<T>::insert(id, operators);
		}

		Self::deposit_event(Event::OperatorRemoved { id, operator });
		Ok(())
	}

	/// The model `id`, if `who` owns it.
	fn owned_model(who: &T::AccountId, id: ModelId) -> Result<Model<T>, DispatchError> {
		let model = Models::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		ensure!(&model.owner == who, Error::<T>::NotOwner);
		Ok(model)
	}

	/// Bytes a model occupies in storage: its encoded record, `operators` operator accounts, its
	/// `ModelByRoot` entry and one reverse-index entry per parent and dataset.
	pub(crate) fn stored_bytes(model: &Model<T>, operators: usize) -> u32 {
		let total = model
			.encoded_size()
			.saturating_add(operators.saturating_mul(T::AccountId::max_encoded_len()))
			.saturating_add(ROOT_INDEX_BYTES)
			.saturating_add(model.parents.len().saturating_mul(CHILD_INDEX_BYTES))
			.saturating_add(model.datasets.len().saturating_mul(DATASET_INDEX_BYTES));
		u32::try_from(total).unwrap_or(u32::MAX)
	}

	/// `DepositBase + DepositPerByte * stored_bytes(model, operators)`.
	pub(crate) fn deposit_for(model: &Model<T>, operators: usize) -> BalanceOf<T> {
		let bytes: BalanceOf<T> = Self::stored_bytes(model, operators).into();
		T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes))
	}

	fn hold_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&HoldReason::ModelDeposit.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientDeposit.into())
	}

	fn release_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&HoldReason::ModelDeposit.into(), who, amount, Precision::Exact)
			.map(|_| ())
	}

	/// Holds or releases the difference between the `old` and the `new` deposit.
	fn adjust_deposit(who: &T::AccountId, old: BalanceOf<T>, new: BalanceOf<T>) -> DispatchResult {
		if new > old {
			Self::hold_deposit(who, new.saturating_sub(old))
		} else {
			Self::release_deposit(who, old.saturating_sub(new))
		}
	}
}

/// Whether an item occurs twice. Quadratic, for the short bounded lists of a call.
fn has_duplicate<'a, I: PartialEq + 'a>(items: impl Iterator<Item = &'a I> + Clone) -> bool {
	items.clone().enumerate().any(|(i, a)| items.clone().skip(i.saturating_add(1)).any(|b| a == b))
}
