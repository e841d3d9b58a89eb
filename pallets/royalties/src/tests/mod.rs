//! Unit and property tests of the royalties pallet, split by call. Every test that runs through
//! [`build_and_execute`] checks the pallet's invariants (`do_try_state`) at its end.

use crate::{mock::*, BeneficiariesOf, Event};
use frame_support::{
	assert_ok,
	traits::fungible::{Inspect, Mutate},
	BoundedVec,
};
use provenance_primitives::ModelId;
use sp_runtime::Perbill;

mod claim;
mod clear_beneficiaries;
mod deposits;
mod escrow;
mod migration;
mod minimum_credit;
mod ownership;
mod pay;
mod properties;
mod quote;
mod set_beneficiaries;
mod set_price;
mod set_upstream;
mod try_state;

fn list(entries: &[(AccountId, u32)]) -> BeneficiariesOf<Test> {
	BoundedVec::try_from(
		entries.iter().map(|(who, pct)| (*who, Perbill::from_percent(*pct))).collect::<Vec<_>>(),
	)
	.expect("within MaxBeneficiaries")
}

fn pct(entries: &[(AccountId, u32)]) -> Vec<(AccountId, Perbill)> {
	entries.iter().map(|(who, p)| (*who, Perbill::from_percent(*p))).collect()
}

fn pallet_account() -> AccountId {
	Royalties::account_id()
}

fn balance(who: AccountId) -> Balance {
	<Balances as Inspect<AccountId>>::balance(&who)
}

fn set_balance(who: AccountId, amount: Balance) {
	<Balances as Mutate<AccountId>>::set_balance(&who, amount);
}

/// What `who` holds for beneficiary lists.
fn list_hold(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Royalties(crate::HoldReason::BeneficiaryList),
		&who,
	)
}

fn royalty_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Royalties(e) = r.event { Some(e) } else { None })
		.collect()
}

fn set_upstream(owner: AccountId, model: ModelId, percent: u32) {
	assert_ok!(Royalties::set_upstream(
		RuntimeOrigin::signed(owner),
		model,
		Perbill::from_percent(percent)
	));
}

fn credited_total(credits: &[(AccountId, Balance)]) -> Balance {
	credits.iter().fold(0u128, |acc, (_, x)| acc.checked_add(*x).expect("no overflow"))
}
