//! The royalties escrow accounts of the runtime: one per asset, none of them the royalties
//! pallet's own account, none of them a key anyone holds.

use crate::{AccountId, Royalties};
use provenance_primitives::Asset;

#[test]
fn every_asset_has_its_own_escrow_account() {
	let assets = [Asset::Dataset(0), Asset::Dataset(1), Asset::Model(0), Asset::Model(u64::MAX)];
	let accounts: Vec<AccountId> = assets.iter().map(|a| Royalties::escrow_account(*a)).collect();
	for (i, a) in accounts.iter().enumerate() {
		assert_ne!(*a, Royalties::account_id(), "{:?}", assets[i]);
		for b in accounts.iter().skip(i + 1) {
			assert_ne!(a, b);
		}
	}
}
