//! Configuration of every pallet of the runtime.

// Only configuration lives here: the arithmetic below computes constants (block weight and
// length limits from `Perbill` ratios and literals), evaluated the same way at every call.
#![allow(clippy::arithmetic_side_effects)]

use crate::*;
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Get, VariantCountOf},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, IdentityFee, Weight},
	PalletId,
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::Bounded, FixedPointNumber, Perbill, Perquintill};

/// The part of a block's weight and length normal (user) extrinsics may use; the rest is
/// reserved for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// The part of a block's weight expected to go to `on_initialize` hooks.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);
/// Two seconds of compute in a six-second block.
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(2u64.saturating_mul(WEIGHT_REF_TIME_PER_SECOND), u64::MAX);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Block and extrinsic base weights measured on this machine by `benchmark overhead`
	/// (`runtime/src/weights/{block,extrinsic}_weights.rs`; the extrinsic base net of the
	/// transaction extensions' own weights, see `weights::ExtrinsicBaseWeightNetOfExtensions`),
	/// with the normal class limited to
	/// `NORMAL_DISPATCH_RATIO` of `MAXIMUM_BLOCK_WEIGHT` and the rest reserved for operational
	/// extrinsics.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = weights::ExtrinsicBaseWeightNetOfExtensions::get();
		})
		.for_class(DispatchClass::Normal, |class| {
			class.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			class.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT.saturating_sub(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT));
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |m| {
			*m = NORMAL_DISPATCH_RATIO * *m
		})
		.build();
	pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores its state in ParityDB; read and write costs measured on this machine by
	/// `benchmark storage` (`runtime/src/weights/paritydb_weights.rs`).
	type DbWeight = weights::ParityDbWeight;
	/// Transaction extension weights benchmarked on this machine.
	type ExtensionsWeightInfo = weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	/// Set-id-to-session entries kept to check equivocation reports: one per authority set
	/// change, for as long as reports stay valid.
	type MaxSetIdSessionEntries = ConstU64<{ (DAYS / SESSION_PERIOD) as u64 }>;
	/// An offender's GRANDPA key is proven a member of its session's validator set by the
	/// historical session roots.
	type KeyOwnerProof = sp_session::MembershipProof;
	/// Equivocation reports are checked and recorded as offences by `Offences`.
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fee per byte of an extrinsic: a tenth of the storage deposit per byte
	/// (`RecordDepositPerByte`), the ratio Polkadot uses. Bytes in a block are paid once and
	/// pruned with the block's body; bytes in state are held for as long as they stay.
	pub const TransactionByteFee: Balance = RecordDepositPerByte::get() / 10;
	/// Blocks fuller than this (of normal weight or length) raise the fee multiplier, emptier
	/// ones lower it.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier moves: a day (14,400 blocks) of full blocks multiplies fees by
	/// about 2.3 (`docs/FEES.md`, measured by `runtime::fee_tests`).
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// Fees never fall below a tenth of the nominal fee.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	/// No upper bound: sustained spam gets ever more expensive.
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = weights::pallet_sudo::WeightInfo<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// Provenance pallets
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// Held once per dataset or model record.
	pub const RecordDepositBase: Balance = 100 * MILLI_UNIT;
	/// Held per byte a record occupies in state.
	pub const RecordDepositPerByte: Balance = MILLI_UNIT;
	/// Held per logged inference: spam costs money even with zero fees.
	pub const InferenceLogDeposit: Balance = 10 * MILLI_UNIT;
	/// A commitment stays revealable for a day (14,400 six-second blocks).
	pub const CommitmentLifetime: BlockNumber = 14_400;
	/// Deposit per pending registration commitment (Datasets and Models), released on reveal.
	pub const CommitmentDeposit: Balance = 10 * MILLI_UNIT;
	/// Held per anchored batch.
	pub const InferenceBatchDeposit: Balance = 100 * MILLI_UNIT;
	/// The account that holds royalties until they are claimed.
	pub const RoyaltiesPalletId: PalletId = PalletId(*b"py/royal");
}

impl pallet_datasets::Config for Runtime {
	type Currency = Balances;
	type GovernanceOrigin = GovernanceOrigin;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DepositBase = RecordDepositBase;
	type DepositPerByte = RecordDepositPerByte;
	type MaxUriLen = ConstU32<256>;
	type MaxMetadataLen = ConstU32<1024>;
	type MaxContributors = ConstU32<64>;
	type MaxReasonLen = ConstU32<256>;
	type OnOwnershipChanged = Royalties;
	type CommitmentLifetime = CommitmentLifetime;
	type CommitmentDeposit = CommitmentDeposit;
	type WeightInfo = pallet_datasets::weights::SubstrateWeight<Runtime>;
}

impl pallet_models::Config for Runtime {
	type Currency = Balances;
	type GovernanceOrigin = GovernanceOrigin;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datasets = Datasets;
	type DepositBase = RecordDepositBase;
	type DepositPerByte = RecordDepositPerByte;
	type MaxUriLen = ConstU32<256>;
	type MaxMetadataLen = ConstU32<1024>;
	type MaxParents = ConstU32<8>;
	type MaxDatasets = ConstU32<32>;
	type MaxOperators = ConstU32<16>;
	type MaxReasonLen = ConstU32<256>;
	type OnOwnershipChanged = Royalties;
	type CommitmentLifetime = CommitmentLifetime;
	type CommitmentDeposit = CommitmentDeposit;
	type MaxQueryDepth = ConstU32<256>;
	type MaxQueryNodes = ConstU32<10_000>;
	type WeightInfo = pallet_models::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Datasets;
}

impl pallet_inference::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Models = Models;
	type Metering = Royalties;
	type LogDeposit = InferenceLogDeposit;
	type BatchDeposit = InferenceBatchDeposit;
	type MaxClaimsPerOutput = ConstU32<16>;
	type MaxUriLen = ConstU32<256>;
	type WeightInfo = pallet_inference::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Models;
	#[cfg(feature = "runtime-benchmarks")]
	type UsageHelper = Royalties;
}

parameter_types! {
	/// The hold reason of beneficiary-list deposits.
	pub const BeneficiaryListHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Royalties(pallet_royalties::HoldReason::BeneficiaryList);
}

impl pallet_royalties::Config for Runtime {
	type Currency = Balances;
	type Datasets = Datasets;
	type Models = Models;
	type PalletId = RoyaltiesPalletId;
	type MaxBeneficiaries = ConstU32<64>;
	type MaxDepth = ConstU32<8>;
	type MaxVisited = ConstU32<64>;
	/// A beneficiary list holds the record deposit rate: [`RecordDepositBase`] plus
	/// [`RecordDepositPerByte`] per encoded byte (upstream `HoldConsideration`).
	type BeneficiaryDeposit = frame_support::traits::fungible::HoldConsideration<
		AccountId,
		Balances,
		BeneficiaryListHoldReason,
		frame_support::traits::LinearStoragePrice<RecordDepositBase, RecordDepositPerByte, Balance>,
	>;
	/// The existential deposit: every credit can be claimed into a new account, and every
	/// `Accrued` entry is worth an account's storage.
	type MinimumCredit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type WeightInfo = pallet_royalties::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type DatasetHelper = Datasets;
	#[cfg(feature = "runtime-benchmarks")]
	type ModelHelper = Models;
}

// ---------------------------------------------------------------------------------------------
// Governance: the council and disputes
// ---------------------------------------------------------------------------------------------

/// The council's collective instance.
pub type CouncilCollective = pallet_collective::Instance1;

/// The governance origin: Root, or a council motion approved by at least two thirds of the
/// members. It retracts any record, resolves disputes, changes the council's membership and
/// authorizes runtime upgrades.
pub type GovernanceOrigin = frame_support::traits::EitherOfDiverse<
	frame_system::EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

parameter_types! {
	/// A motion stays open for a day at most; anyone may close it after that.
	pub const CouncilMotionDuration: BlockNumber = 14_400;
	/// Most motions open at once.
	pub const CouncilMaxProposals: u32 = 100;
	/// Most council members.
	pub const CouncilMaxMembers: u32 = 32;
	/// Ten percent of a block for a motion's execution, at most.
	pub MaxProposalWeight: Weight = Perbill::from_percent(10) * RuntimeBlockWeights::get().max_block;
	/// Held from whoever opens a dispute; paid to the owner if the dispute is dismissed.
	pub const DisputeBond: Balance = 10 * UNIT;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	// When a motion is closed after its duration, members who did not vote count as aye if more
	// than half of all members voted aye, otherwise as the prime member voted.
	type DefaultVote = pallet_collective::MoreThanMajorityThenPrimeDefaultVote;
	type SetMembersOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = GovernanceOrigin;
	type KillOrigin = GovernanceOrigin;
	// Council members are accountable people; proposing costs only the transaction fee.
	type Consideration = ();
	type WeightInfo = weights::pallet_collective::WeightInfo<Runtime>;
}

impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	type PrimeOrigin = GovernanceOrigin;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = CouncilMaxMembers;
	type WeightInfo = weights::pallet_membership::WeightInfo<Runtime>;
}

/// What the Disputes pallet judges: datasets and models (status, deposit, ownership) and
/// inference claims and batches (removal), read and changed through their pallets.
pub struct DisputeRegistries;

impl provenance_primitives::DisputeRegistry<AccountId> for DisputeRegistries {
	fn answerable(
		target: &provenance_primitives::DisputeTarget,
	) -> Option<(AccountId, provenance_primitives::Status)> {
		use provenance_primitives::{DatasetInspect, DisputeTarget as T, ModelInspect, Status};
		match *target {
			T::Dataset(id) => Datasets::dataset_summary(id).map(|s| (s.owner, s.status)),
			T::Model(id) => Models::model_summary(id).map(|s| (s.owner, s.status)),
			T::Inference { output_hash, model_id } => {
				Inference::claim_submitter(output_hash, model_id).map(|who| (who, Status::Active))
			}
			T::Batch(id) => Inference::batch_submitter(id).map(|who| (who, Status::Active)),
		}
	}

	fn set_disputed(
		target: &provenance_primitives::DisputeTarget,
		disputed: bool,
	) -> sp_runtime::DispatchResult {
		use provenance_primitives::DisputeTarget as T;
		match *target {
			T::Dataset(id) => Datasets::set_disputed(id, disputed),
			T::Model(id) => Models::set_disputed(id, disputed),
			T::Inference { .. } | T::Batch(_) => {}
		}
		Ok(())
	}

	fn retract(
		target: &provenance_primitives::DisputeTarget,
		deposit_to: &AccountId,
	) -> sp_runtime::DispatchResult {
		use provenance_primitives::DisputeTarget as T;
		match *target {
			T::Dataset(id) => Datasets::retract_by_verdict(id, deposit_to),
			T::Model(id) => Models::retract_by_verdict(id, deposit_to),
			T::Inference { output_hash, model_id } => {
				Inference::remove_claim_by_verdict(output_hash, model_id, deposit_to)
			}
			T::Batch(id) => Inference::remove_batch_by_verdict(id, deposit_to),
		}
	}

	fn transfer(
		target: &provenance_primitives::DisputeTarget,
		to: &AccountId,
	) -> sp_runtime::DispatchResult {
		use provenance_primitives::DisputeTarget as T;
		match *target {
			T::Dataset(id) => Datasets::transfer_by_verdict(id, to),
			T::Model(id) => Models::transfer_by_verdict(id, to),
			T::Inference { .. } | T::Batch(_) => {
				Err(pallet_disputes::Error::<Runtime>::VerdictNotApplicable.into())
			}
		}
	}
}

impl pallet_disputes::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = DisputeRegistries;
	type Escrow = Royalties;
	type ResolveOrigin = GovernanceOrigin;
	type DisputeBond = DisputeBond;
	type MaxUriLen = ConstU32<256>;
	type MaxOpenPerTarget = ConstU32<16>;
	type MaxListed = ConstU32<64>;
	type WeightInfo = pallet_disputes::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Datasets;
	#[cfg(feature = "runtime-benchmarks")]
	type EscrowHelper = Royalties;
}

// ---------------------------------------------------------------------------------------------
// Validators: session keys, a governance-managed validator set, equivocation reports
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// Sessions may end every minute, and end only when they have a change to make
	/// ([`EndSessionOnChange`]): a validator set change decided by governance takes effect at the
	/// second boundary after it (within two minutes).
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	/// Sessions start at block 0.
	pub const SessionOffset: BlockNumber = 0;
	/// Held from a validator account while it has session keys registered.
	pub const SessionKeyDeposit: Balance = UNIT;
	/// The account that would pay block authors; the chain funds it with nothing today.
	pub const ValidatorPotId: PalletId = PalletId(*b"PotStake");
	/// How long an equivocation report stays valid, and how long the historical session roots
	/// that prove an offender's key are kept: a day.
	pub const ReportLongevity: u64 = DAYS as u64;
	/// Sessions whose validator-set roots are kept (a day of one-minute sessions).
	pub const HistoricalSessionsKept: u32 = DAYS / SESSION_PERIOD;
}

impl pallet_authorship::Config for Runtime {
	/// The author of a block: the session validator at the Aura authority index of the block.
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = (CollatorSelection,);
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is identified by its account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = EndSessionOnChange;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	/// The validator set is the governance-managed set of `CollatorSelection`; every session's
	/// set is noted in `Historical` so equivocation reports can prove an offender's key.
	type SessionManager =
		pallet_session::historical::NoteHistoricalRoot<Self, ValidatorSetWithIdentity>;
	type SessionHandler =
		<opaque::SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = opaque::SessionKeys;
	/// Offences are recorded, not punished by disabling: governance removes a validator.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Nothing beyond the validator's account identifies it: there is no stake to slash.
	type FullIdentification = ();
	type FullIdentificationOf = sp_runtime::traits::ConvertToValue<NoIdentification>;
}

parameter_types! {
	/// The (empty) full identification of a validator.
	pub const NoIdentification: Option<()> = Some(());
}

/// The validator set of [`CollatorSelection`] as the historical session manager: each validator
/// with its (empty) full identification, and the historical roots older than
/// [`HistoricalSessionsKept`] pruned at every new session so the map stays bounded.
///
/// `CollatorSelection` answers every new session with its whole set, which `Session` takes as a
/// change, and GRANDPA would start a new authority set every session (every minute) even when
/// nothing changed. This manager reports a set only when its members differ from the current
/// session's; key rotations are still seen by `Session`, which compares the keys itself.
pub struct ValidatorSetWithIdentity;

/// Ends a session at a period boundary only when rotating would change something.
///
/// `Session` charges a whole block's weight for a rotation (its `on_initialize` returns
/// `max_block`), so a rotation every minute would leave every tenth block without a single user
/// extrinsic: a registration sent just before one waits a whole extra slot. Sessions here only
/// carry validator-set and key changes (Aura has no epochs), so a boundary rotates when:
/// * the queued set differs from the current one (`QueuedChanged`: the second step of a change);
/// * governance changed the validator set (`CollatorSelection` invulnerables) since it was queued;
/// * a queued validator registered new keys (`set_keys`) since they were queued.
///
/// The check reads at most `2 + MaxValidators` storage items, at boundaries only, and registers
/// that weight.
pub struct EndSessionOnChange;

impl EndSessionOnChange {
	/// Whether a rotation now would change the current or the queued set or keys, and the
	/// storage reads it took to decide.
	fn pending_change() -> (bool, u64) {
		if pallet_session::QueuedChanged::<Runtime>::get() {
			return (true, 1);
		}
		let queued = pallet_session::QueuedKeys::<Runtime>::get();
		let mut queued_members: Vec<AccountId> = queued.iter().map(|(v, _)| v.clone()).collect();
		queued_members.sort();
		let mut wanted: Vec<AccountId> =
			pallet_collator_selection::Invulnerables::<Runtime>::get().into_inner();
		wanted.sort();
		if wanted != queued_members {
			return (true, 3);
		}
		let mut reads = 3u64;
		for (validator, keys) in &queued {
			reads = reads.saturating_add(1);
			if pallet_session::NextKeys::<Runtime>::get(validator).as_ref() != Some(keys) {
				return (true, reads);
			}
		}
		(false, reads)
	}
}

impl pallet_session::ShouldEndSession<BlockNumber> for EndSessionOnChange {
	fn should_end_session(now: BlockNumber) -> bool {
		if !<pallet_session::PeriodicSessions<SessionPeriod, SessionOffset> as pallet_session::ShouldEndSession<BlockNumber>>::should_end_session(now) {
			return false;
		}
		let (change, reads) = Self::pending_change();
		frame_system::Pallet::<Runtime>::register_extra_weight_unchecked(
			<Runtime as frame_system::Config>::DbWeight::get().reads(reads),
			frame_support::dispatch::DispatchClass::Mandatory,
		);
		change
	}
}

impl pallet_session::SessionManager<AccountId> for ValidatorSetWithIdentity {
	fn new_session(new_index: sp_staking::SessionIndex) -> Option<Vec<AccountId>> {
		let next = <CollatorSelection as pallet_session::SessionManager<AccountId>>::new_session(
			new_index,
		)?;
		let mut current = pallet_session::Validators::<Runtime>::get();
		current.sort();
		let mut members = next.clone();
		members.sort();
		(members != current).then_some(next)
	}
	fn new_session_genesis(new_index: sp_staking::SessionIndex) -> Option<Vec<AccountId>> {
		<CollatorSelection as pallet_session::SessionManager<AccountId>>::new_session_genesis(
			new_index,
		)
	}
	fn start_session(start_index: sp_staking::SessionIndex) {
		pallet_session::historical::Pallet::<Runtime>::prune_up_to(
			start_index.saturating_sub(HistoricalSessionsKept::get()),
		);
		<CollatorSelection as pallet_session::SessionManager<AccountId>>::start_session(start_index)
	}
	fn end_session(end_index: sp_staking::SessionIndex) {
		<CollatorSelection as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}
}

impl pallet_session::historical::SessionManager<AccountId, ()> for ValidatorSetWithIdentity {
	fn new_session(new_index: sp_staking::SessionIndex) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session(new_index)
			.map(|validators| validators.into_iter().map(|v| (v, ())).collect())
	}
	fn new_session_genesis(new_index: sp_staking::SessionIndex) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session_genesis(new_index)
			.map(|validators| validators.into_iter().map(|v| (v, ())).collect())
	}
	fn start_session(start_index: sp_staking::SessionIndex) {
		<Self as pallet_session::SessionManager<AccountId>>::start_session(start_index)
	}
	fn end_session(end_index: sp_staking::SessionIndex) {
		<Self as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}
}

parameter_types! {
	/// Most validators at once (the Aura and GRANDPA authority bound).
	pub const MaxValidators: u32 = 32;
}

impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	/// Governance adds and removes validators (`add_invulnerable`, `remove_invulnerable`).
	type UpdateOrigin = GovernanceOrigin;
	type PotId = ValidatorPotId;
	/// No permissionless candidacy: every validator is chosen by governance.
	type MaxCandidates = ConstU32<0>;
	/// Governance cannot remove the last validator.
	type MinEligibleCollators = ConstU32<1>;
	type MaxInvulnerables = MaxValidators;
	type KickThreshold = SessionPeriod;
	type ValidatorId = AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	/// A validator must have registered session keys before governance can add it.
	type ValidatorRegistration = Session;
	type WeightInfo = pallet_collator_selection::weights::SubstrateWeight<Runtime>;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	/// Offences are recorded on chain (`Offences.Offence` events) for governance to act on; with
	/// no stake there is nothing to slash.
	type OnOffenceHandler = ();
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

// ---------------------------------------------------------------------------------------------
// Root calls by governance: runtime upgrades
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// Held per noted preimage, plus [`PreimageByteDeposit`] per byte.
	pub const PreimageBaseDeposit: Balance = UNIT;
	/// Held per byte of a noted preimage (the record deposit rate).
	pub const PreimageByteDeposit: Balance = RecordDepositPerByte::get();
	/// The hold reason of preimage deposits.
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// A dispatch deferred by governance before the call was whitelisted stays executable by
	/// anyone for a day after it is whitelisted.
	pub const WhitelistDeferredDispatchExpiration: BlockNumber = DAYS;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = weights::pallet_preimage::WeightInfo<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = GovernanceOrigin;
	type Consideration = frame_support::traits::fungible::HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		frame_support::traits::LinearStoragePrice<
			PreimageBaseDeposit,
			PreimageByteDeposit,
			Balance,
		>,
	>;
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	/// Governance whitelists the hash of a call that needs Root (a runtime upgrade's
	/// `System.authorize_upgrade`) ...
	type WhitelistOrigin = GovernanceOrigin;
	/// ... and dispatches it as Root in a second motion (`dispatch_whitelisted_call_with_preimage`).
	type DispatchWhitelistedOrigin = GovernanceOrigin;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = WhitelistDeferredDispatchExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = weights::pallet_whitelist::WeightInfo<Runtime>;
}
