//! The balance and beneficiary-list types, and what a payment credits.

use crate::Config;
use alloc::vec::Vec;
use frame_support::{traits::fungible::Inspect, BoundedVec};
use sp_runtime::Perbill;

/// The balance type of [`Config::Currency`].
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A list of beneficiaries and their shares (sum 100%, no duplicates, at least one).
pub type BeneficiariesOf<T> =
	BoundedVec<(<T as frame_system::Config>::AccountId, Perbill), <T as Config>::MaxBeneficiaries>;

/// What a payment credits: accounts and amounts, aggregated per account.
pub type CreditsOf<T> = Vec<(<T as frame_system::Config>::AccountId, BalanceOf<T>)>;

/// What a payment credits, and how many asset visits computing it took.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Distribution<AccountId, Balance> {
	/// Credited accounts and amounts, aggregated per account, in the order the accounts were
	/// first credited. No zero amounts. The amounts add up to the payment exactly.
	pub credits: Vec<(AccountId, Balance)>,
	/// Visits made (the paid model included), at most `MaxVisited`.
	pub visited: u32,
	/// Beneficiary shares credited over all visits (one per beneficiary of each list a visit
	/// split its kept part among), at most `MaxVisited × MaxBeneficiaries`. At least the number
	/// of credited accounts; the weight refund follows it.
	pub credited: u32,
}
