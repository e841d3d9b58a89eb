//! # Provenance Chain runtime
//!
//! System pallets (System, Timestamp, Aura, Grandpa, Balances, TransactionPayment, Sudo) plus the
//! four provenance pallets: `Datasets`, `Models`, `Inference` and `Royalties`. Token: PROV, 12
//! decimals, SS58 prefix 42.

#![cfg_attr(not(feature = "std"), no_std)]
// Runtime code never panics: denied outside tests (clippy, in CI).
#![cfg_attr(
	not(test),
	deny(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::panic,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects,
		clippy::cast_possible_truncation
	)
)]
// `construct_runtime`-style macros expand to large types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod migrations;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types, so the node need not know the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;

	impl_opaque_keys! {
		/// The session keys of a validator: one Aura key and one GRANDPA key.
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
		}
	}
}

/// The runtime version. Bump `spec_version` on every runtime change that is deployed.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("provenance-chain"),
	impl_name: alloc::borrow::Cow::Borrowed("provenance-chain"),
	authoring_version: 1,
	spec_version: 108,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 3,
	system_version: 1,
};

/// Target block time: one block every 6 seconds.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// Aura slot duration (equal to the block time).
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
/// Blocks per minute.
#[allow(clippy::cast_possible_truncation)] // a compile-time constant: 10
pub const MINUTES: BlockNumber = (60_000 / MILLI_SECS_PER_BLOCK) as BlockNumber;
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;
/// Blocks per session: a minute. Validator set changes take effect at session boundaries.
pub const SESSION_PERIOD: BlockNumber = MINUTES;

/// One PROV (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;
/// 0.001 PROV.
pub const MILLI_UNIT: Balance = 1_000_000_000;
/// 0.000001 PROV.
pub const MICRO_UNIT: Balance = 1_000_000;
/// Minimum balance an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Signature of a transaction.
pub type Signature = MultiSignature;
/// Account identifier: the public key of the signature scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account.
pub type Balance = u128;
/// Transaction index of an account.
pub type Nonce = u32;
/// Block and state hash.
pub type Hash = sp_core::H256;
/// Block number.
pub type BlockNumber = provenance_primitives::BlockNumber;
/// The address format of extrinsics.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block with its justifications.
pub type SignedBlock = generic::SignedBlock<Block>;

/// The transaction extensions, checked in this order. `CheckMetadataHash` lets signers
/// (polkadot.js, hardware wallets) prove which metadata they decoded the call with.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions of a signed, immortal extrinsic with nonce `nonce`, no tip and no metadata hash:
/// what the weight overhead split measures and what the runtime fuzzer signs.
pub fn immortal_tx_extension(nonce: Nonce) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// Unchecked extrinsic type.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Versioned storage migrations run on the next runtime upgrade (each checks the pallet's
/// stored version, so a migration that already ran does nothing).
type Migrations = (
	pallet_inference::migrations::v1::MigrateV0ToV1<Runtime>,
	migrations::v104::IntroduceSessions,
	pallet_royalties::migrations::v1::MigrateV0ToV1<Runtime>,
);

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

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
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	// Authorship, CollatorSelection and Session come before Aura and Grandpa: the block's author
	// is noted before a new session can change the authority set, and the session rotates before
	// the consensus pallets read their authorities.
	#[runtime::pallet_index(15)]
	pub type Authorship = pallet_authorship;

	#[runtime::pallet_index(16)]
	pub type CollatorSelection = pallet_collator_selection;

	#[runtime::pallet_index(17)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(18)]
	pub type Historical = pallet_session::historical;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(8)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	// Index 9 is left free for a future system pallet.

	#[runtime::pallet_index(10)]
	pub type Datasets = pallet_datasets;

	#[runtime::pallet_index(11)]
	pub type Models = pallet_models;

	#[runtime::pallet_index(12)]
	pub type Inference = pallet_inference;

	#[runtime::pallet_index(13)]
	pub type Royalties = pallet_royalties;

	#[runtime::pallet_index(14)]
	pub type Disputes = pallet_disputes;

	#[runtime::pallet_index(19)]
	pub type Offences = pallet_offences;

	#[runtime::pallet_index(20)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(21)]
	pub type Whitelist = pallet_whitelist;
}

/// What the fee rules make a day of full blocks cost (figures in `docs/FEES.md`).
#[cfg(test)]
mod fee_tests;

/// The royalties escrow accounts are distinct per asset.
#[cfg(test)]
mod escrow_tests;

/// Validator set changes, key rotation, equivocation reports and upgrades under governance.
#[cfg(test)]
mod validator_tests;

/// Metered inferences are charged at least their measured weight.
#[cfg(test)]
mod metering_tests;

/// The upgrade from the previous release passes every try-runtime check on a real chain's state.
#[cfg(all(test, feature = "try-runtime"))]
mod try_runtime_tests;
