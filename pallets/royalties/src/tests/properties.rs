//! Property tests: random lineages, random amounts, checked against a plain re-implementation
//! of the distribution rule.

use super::*;
use crate::{Accrued, TotalAccrued};
use alloc::collections::{BTreeMap, VecDeque};
use provenance_primitives::{Asset, DatasetId};

/// xorshift64*: small, deterministic, good enough to shake out edge cases.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
	fn u128(&mut self) -> u128 {
		(u128::from(self.next()) << 64) | u128::from(self.next())
	}
	/// `k` distinct accounts from `base..base + 32` with random shares summing to 100%.
	fn shares(&mut self, base: u64, k: usize) -> Vec<(AccountId, u32)> {
		let mut accounts: Vec<AccountId> = vec![];
		while accounts.len() < k {
			let a = base + self.below(32);
			if !accounts.contains(&a) {
				accounts.push(a);
			}
		}
		let mut cuts: Vec<u32> =
			(1..k).map(|_| self.below(1_000_000_001) as u32).collect::<Vec<_>>();
		cuts.push(0);
		cuts.push(1_000_000_000);
		cuts.sort();
		accounts.into_iter().zip(cuts.windows(2).map(|w| w[1] - w[0])).collect()
	}
}

/// Accounts and their shares in parts per billion.
type Shares = Vec<(AccountId, u32)>;
/// owner, parents, datasets, upstream (parts per billion), explicit beneficiaries.
type RefModel = (AccountId, Vec<ModelId>, Vec<DatasetId>, u32, Option<Shares>);
/// contributors, explicit beneficiaries.
type RefDataset = (Shares, Option<Shares>);

/// The reference model of a lineage, kept by the test independently of the pallet.
#[derive(Default)]
struct Dag {
	models: Vec<RefModel>,
	datasets: Vec<RefDataset>,
}

fn floor_parts(parts: u32, x: u128) -> u128 {
	let d = 1_000_000_000u128;
	let p = u128::from(parts);
	(x / d) * p + (x % d) * p / d
}

/// The split rule written out again, plainly, over the test's own copy of the lineage.
fn reference(dag: &Dag, root: ModelId, amount: u128) -> Vec<(AccountId, u128)> {
	const MAX_DEPTH: u32 = 4;
	const MAX_VISITED: usize = 16;
	let resolve = |asset: Asset| -> Option<Vec<(AccountId, u32)>> {
		match asset {
			Asset::Model(id) => dag.models.get(id as usize).map(|(owner, _, _, _, b)| {
				b.clone().unwrap_or_else(|| vec![(*owner, 1_000_000_000)])
			}),
			Asset::Dataset(id) => {
				dag.datasets.get(id as usize).map(|(c, b)| b.clone().unwrap_or_else(|| c.clone()))
			}
		}
	};
	let mut order: Vec<AccountId> = vec![];
	let mut totals: BTreeMap<AccountId, u128> = BTreeMap::new();
	let mut credit = |who: AccountId, x: u128| {
		if x > 0 {
			if !totals.contains_key(&who) {
				order.push(who);
			}
			*totals.entry(who).or_default() += x;
		}
	};
	let mut queue = VecDeque::new();
	queue.push_back((Asset::Model(root), amount, 0u32, vec![]));
	let mut pushed = 1usize;
	while let Some((asset, share, depth, fallback)) = queue.pop_front() {
		let bens = resolve(asset).unwrap_or(fallback);
		let mut kept = share;
		if let Asset::Model(id) = asset {
			if let Some((_, parents, datasets, upstream, _)) = dag.models.get(id as usize) {
				let children: Vec<Asset> = parents
					.iter()
					.map(|p| Asset::Model(*p))
					.chain(datasets.iter().map(|d| Asset::Dataset(*d)))
					.collect();
				if depth < MAX_DEPTH && *upstream > 0 && !children.is_empty() {
					let up = floor_parts(*upstream, share);
					let n = children.len() as u128;
					for (k, child) in children.into_iter().enumerate() {
						let part = if k == 0 { up / n + up % n } else { up / n };
						if part == 0 {
							continue;
						}
						if pushed >= MAX_VISITED {
							break;
						}
						pushed += 1;
						kept -= part;
						queue.push_back((child, part, depth + 1, bens.clone()));
					}
				}
			}
		}
		let others: u128 = bens.iter().skip(1).map(|(_, p)| floor_parts(*p, kept)).sum();
		credit(bens[0].0, kept - others);
		for (who, p) in bens.iter().skip(1) {
			credit(*who, floor_parts(*p, kept));
		}
	}
	order.into_iter().map(|who| (who, totals[&who])).collect()
}

fn to_list(shares: &[(AccountId, u32)]) -> BeneficiariesOf<Test> {
	BoundedVec::try_from(
		shares.iter().map(|(w, p)| (*w, Perbill::from_parts(*p))).collect::<Vec<_>>(),
	)
	.unwrap()
}

/// Builds a random lineage in the mock registry and the pallet, and the same in a [`Dag`].
fn random_lineage(rng: &mut Rng) -> Dag {
	let mut dag = Dag::default();
	for _ in 0..rng.below(5) {
		let k = 1 + rng.below(4) as usize;
		let contributors = rng.shares(1_000, k);
		let owner = 500 + rng.below(4);
		let id = MockRegistry::add_dataset(
			owner,
			contributors.iter().map(|(w, p)| (*w, Perbill::from_parts(*p))).collect(),
		);
		let mut explicit = None;
		if rng.chance(30) {
			let k = 1 + rng.below(8) as usize;
			let b = rng.shares(2_000, k);
			set_balance(owner, INITIAL); // the list's deposit
			assert_ok!(Royalties::set_beneficiaries(
				RuntimeOrigin::signed(owner),
				Asset::Dataset(id),
				to_list(&b)
			));
			explicit = Some(b);
		}
		dag.datasets.push((contributors, explicit));
	}
	let n_models = 1 + rng.below(12);
	for i in 0..n_models {
		let owner = 600 + rng.below(6);
		let mut parents = vec![];
		for _ in 0..rng.below(4) {
			if i > 0 {
				let p = rng.below(i);
				if !parents.contains(&p) {
					parents.push(p);
				}
			}
		}
		let mut datasets = vec![];
		for _ in 0..rng.below(4) {
			let d = if rng.chance(10) {
				999 // unknown: its share returns to the sender
			} else if dag.datasets.is_empty() {
				continue;
			} else {
				rng.below(dag.datasets.len() as u64)
			};
			if !datasets.contains(&d) {
				datasets.push(d);
			}
		}
		let id = MockRegistry::add_model(owner, parents.clone(), datasets.clone());
		assert_eq!(id, i);
		let upstream = match rng.below(4) {
			0 => 0,
			1 => 1_000_000_000,
			_ => rng.below(1_000_000_001) as u32,
		};
		assert_ok!(Royalties::set_upstream(
			RuntimeOrigin::signed(owner),
			id,
			Perbill::from_parts(upstream)
		));
		let mut explicit = None;
		if rng.chance(50) {
			let k = 1 + rng.below(8) as usize;
			let b = rng.shares(3_000, k);
			set_balance(owner, INITIAL); // the list's deposit
			assert_ok!(Royalties::set_beneficiaries(
				RuntimeOrigin::signed(owner),
				Asset::Model(id),
				to_list(&b)
			));
			explicit = Some(b);
		}
		dag.models.push((owner, parents, datasets, upstream, explicit));
	}
	dag
}

fn random_amount(rng: &mut Rng, cap: u128) -> u128 {
	let x = match rng.below(5) {
		0 => 1 + u128::from(rng.below(100)),
		1 => u128::from(rng.next()),
		2 => rng.u128(),
		3 => u128::MAX - u128::from(rng.below(1_000_000)),
		_ => 1 + u128::from(rng.below(1_000_000_000_000)),
	};
	x.clamp(1, cap)
}

#[test]
fn random_lineages_credit_exactly_what_is_quoted_and_paid() {
	let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
	for case in 0..400 {
		build_and_execute(|| {
			let dag = random_lineage(&mut rng);
			let payer = 77;
			for _ in 0..1 + rng.below(3) {
				let root = rng.below(dag.models.len() as u64);
				// Whatever the issuance leaves room for (minus the payer's own ED).
				let room = u128::MAX - <Balances as Inspect<AccountId>>::total_issuance();
				if room <= 4 * ED {
					break;
				}
				let amount = random_amount(&mut rng, room - 2 * ED);

				// Quotes never overflow, whatever the amount.
				let big = Royalties::quote(root, u128::MAX).expect("quote");
				assert_eq!(credited_total(&big), u128::MAX, "case {case}");

				let quote = Royalties::quote(root, amount).expect("quote");
				assert_eq!(credited_total(&quote), amount, "case {case}");
				assert!(quote.iter().all(|(_, x)| *x > 0), "case {case}");
				assert_eq!(quote, reference(&dag, root, amount), "case {case}");

				set_balance(payer, amount + ED);
				let before: Vec<Balance> =
					quote.iter().map(|(who, _)| Accrued::<Test>::get(who)).collect();
				let total_before = TotalAccrued::<Test>::get();
				let held_before = balance(pallet_account());
				assert_ok!(Royalties::pay(RuntimeOrigin::signed(payer), root, amount, None));
				for ((who, x), b) in quote.iter().zip(before) {
					assert_eq!(Accrued::<Test>::get(who) - b, *x, "case {case}");
				}
				assert_eq!(TotalAccrued::<Test>::get() - total_before, amount, "case {case}");
				assert_eq!(balance(pallet_account()) - held_before, amount, "case {case}");
				assert_eq!(balance(payer), ED);
				assert!(balance(pallet_account()) >= TotalAccrued::<Test>::get());
				assert_ok!(Royalties::do_try_state());

				// Some beneficiaries claim.
				for (who, _) in quote.iter().filter(|_| rng.chance(30)) {
					let owed = Accrued::<Test>::get(who);
					if owed >= ED {
						let had = balance(*who);
						assert_ok!(Royalties::claim(RuntimeOrigin::signed(*who)));
						assert_eq!(balance(*who) - had, owed);
						assert_eq!(Royalties::claimable(who), 0);
					}
				}
				assert_ok!(Royalties::do_try_state());
				// Burn what the beneficiaries received so the issuance leaves room again.
				for (who, _) in &quote {
					set_balance(*who, 0);
				}
				set_balance(payer, 0);
			}
		});
	}
}

/// The dust rule applied to a reference split: every credit below `minimum` is added to the
/// largest credit (the first of equals) instead.
fn fold_dust(credits: Vec<(AccountId, u128)>, minimum: u128) -> Vec<(AccountId, u128)> {
	let Some(largest) = credits.iter().map(|(_, x)| *x).max() else { return credits };
	let at = credits.iter().position(|(_, x)| *x == largest).expect("the largest is listed");
	let dust: u128 = credits
		.iter()
		.enumerate()
		.filter(|(i, (_, x))| *i != at && *x < minimum)
		.map(|(_, (_, x))| *x)
		.sum();
	credits
		.into_iter()
		.enumerate()
		.filter(|(i, (_, x))| *i == at || *x >= minimum)
		.map(|(i, (who, x))| (who, if i == at { x + dust } else { x }))
		.collect()
}

#[test]
fn random_lineages_follow_the_dust_rule() {
	let mut rng = Rng(0x0D05_7D05_7D05_7D05);
	let mut folded = 0;
	for case in 0..300 {
		build_and_execute(|| {
			let dag = random_lineage(&mut rng);
			let minimum = 1 + u128::from(rng.below(10_000));
			MinimumCredit::set(minimum);
			let root = rng.below(dag.models.len() as u64);
			let amount = minimum + u128::from(rng.below(1_000_000));
			let quote = Royalties::quote(root, amount).expect("quote");
			assert_eq!(credited_total(&quote), amount, "case {case}");
			assert!(quote.iter().all(|(_, x)| *x >= minimum), "case {case}: {quote:?}");
			let split = reference(&dag, root, amount);
			if split.len() != quote.len() {
				folded += 1;
			}
			assert_eq!(quote, fold_dust(split, minimum), "case {case}");
			if minimum > 1 {
				assert_eq!(
					Royalties::quote(root, minimum - 1),
					Err(crate::Error::<Test>::BelowMinimumCredit.into()),
					"case {case}"
				);
			}
			MinimumCredit::set(1);
		});
	}
	// The rule was exercised, not only the identity.
	assert!(folded > 30, "only {folded} of 300 cases folded a credit");
}
