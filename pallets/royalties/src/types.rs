//! The balance and beneficiary-list types, and what a payment credits.

use crate::Config;
use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	traits::fungible::Inspect, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// The balance type of [`Config::Currency`].
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A list of beneficiaries and their shares (sum 100%, no duplicates, at least one).
pub type BeneficiariesOf<T> =
	BoundedVec<(<T as frame_system::Config>::AccountId, Perbill), <T as Config>::MaxBeneficiaries>;

/// A beneficiary list an asset's owner set, and the deposit held for its storage.
#[derive(
	Encode, Decode, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct BeneficiaryList<T: Config> {
	/// The beneficiaries and their shares.
	pub beneficiaries: BeneficiariesOf<T>,
	/// Who paid for the list's storage, and the ticket of the deposit held from them
	/// ([`Config::BeneficiaryDeposit`], priced by the list's encoded size). `None` only for a
	/// list set before deposits existed (storage version 0, kept by the migration to 1).
	pub deposit:
		Option<(<T as frame_system::Config>::AccountId, <T as Config>::BeneficiaryDeposit)>,
}

/// What a payment credits: accounts and amounts, aggregated per account.
pub type CreditsOf<T> = Vec<(<T as frame_system::Config>::AccountId, BalanceOf<T>)>;

/// What a payment credits, and how many asset visits computing it took.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Distribution<AccountId, Balance> {
	/// Credited accounts and amounts, aggregated per account, in the order the accounts were
	/// first credited. No zero amounts, none below `MinimumCredit`. The amounts add up to the
	/// payment exactly.
	pub credits: Vec<(AccountId, Balance)>,
	/// Visits made (the paid model included), at most `MaxVisited`.
	pub visited: u32,
	/// Beneficiary shares credited over all visits (one per beneficiary of each list a visit
	/// split its kept part among), at most `MaxVisited × MaxBeneficiaries`. At least the number
	/// of credited accounts; the weight refund follows it.
	pub credited: u32,
}
