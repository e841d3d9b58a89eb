//! A runtime fuzzer: random sequences of signed extrinsics (every provenance call, plus balance
//! transfers) from a pool of accounts, with adversarial arguments (maximal lengths, unknown ids,
//! self-loops, zero and maximal amounts, colliding roots and outputs), applied block by block to
//! the real runtime through `frame_executive` (signatures, nonces, fees, weights and all). After
//! every block it checks:
//! * every provenance pallet's `do_try_state` (records, indices, and that every hold equals the
//!   deposits its records name);
//! * that the total issuance equals the sum of all accounts' balances (nothing minted or lost);
//! * (through the royalties `do_try_state`) that everything accrued is in the pallet's account.
//!
//! `cargo test --release --workspace --test fuzz` runs a bounded, seeded run (part of the test
//! command). `FUZZ_SECONDS=1800 FUZZ_SEED=… cargo test --release --workspace --test fuzz --
//! --nocapture` runs for that long and prints the figures `docs/RELIABILITY.md` quotes. A failure
//! (a panic or a broken invariant) is shrunk to a minimal sequence of extrinsics and printed.

use codec::{Decode, Encode};
use frame_support::{traits::Get, BoundedVec};
use provenance_primitives::{registration_commitment, Asset, Derivation, License};
use provenance_runtime::{
	AccountId, Executive, Header, Runtime, RuntimeCall, RuntimeGenesisConfig, Signature,
	SignedPayload, UncheckedExtrinsic, SLOT_DURATION, UNIT,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::{Digest, DigestItem},
	traits::Header as _,
	BuildStorage, Perbill,
};
use std::{
	panic::{catch_unwind, AssertUnwindSafe},
	time::{Duration, Instant},
};

/// Deterministic generator, so a seed reproduces a run.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
}

const FUNDED: usize = 8;
const POOR: usize = 2;
const ROOTS: u64 = 12;
const OUTPUTS: u64 = 6;

fn pairs() -> Vec<sr25519::Pair> {
	(0..(FUNDED + POOR) as u8).map(|i| sr25519::Pair::from_seed(&[i.wrapping_add(1); 32])).collect()
}

fn account(pair: &sr25519::Pair) -> AccountId {
	AccountId::from(pair.public())
}

fn ext(pairs: &[sr25519::Pair]) -> sp_io::TestExternalities {
	let mut balances: Vec<(AccountId, u128)> =
		pairs.iter().take(FUNDED).map(|p| (account(p), 1_000_000 * UNIT)).collect();
	// Poor accounts: enough for a few fees, not for deposits.
	balances.extend(pairs.iter().skip(FUNDED).map(|p| (account(p), UNIT / 100)));
	let alice = Sr25519Keyring::Alice.to_account_id();
	let config = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		// The first account is sudo: it resolves disputes (`Disputes.resolve` needs governance).
		sudo: pallet_sudo::GenesisConfig { key: pairs.first().map(account) },
		// Alice validates: blocks have an author (Authorship, CollatorSelection) and sessions
		// rotate as on a real chain.
		collator_selection: pallet_collator_selection::GenesisConfig {
			invulnerables: vec![alice.clone()],
			..Default::default()
		},
		session: pallet_session::GenesisConfig {
			keys: vec![(
				alice.clone(),
				alice,
				provenance_runtime::opaque::SessionKeys {
					aura: Sr25519Keyring::Alice.public().into(),
					grandpa: sp_keyring::Ed25519Keyring::Alice.public().into(),
				},
			)],
			..Default::default()
		},
		..Default::default()
	};
	config.build_storage().expect("genesis builds").into()
}

fn sign(pair: &sr25519::Pair, call: RuntimeCall) -> UncheckedExtrinsic {
	let who = account(pair);
	let nonce = frame_system::Pallet::<Runtime>::account_nonce(&who);
	let extensions = provenance_runtime::immortal_tx_extension(nonce);
	let payload = SignedPayload::new(call, extensions).expect("payload builds");
	let signature = payload.using_encoded(|bytes| pair.sign(bytes));
	let (call, extensions, _) = payload.deconstruct();
	UncheckedExtrinsic::new_signed(call, who.into(), Signature::Sr25519(signature), extensions)
}

fn start_block(number: u32, parent: H256) {
	let slot = Slot::from(u64::from(number));
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let header = Header::new(number, H256::zero(), H256::zero(), parent, digest);
	Executive::initialize_block(&header);
	let now = u64::from(number) * SLOT_DURATION;
	let timestamp =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }));
	Executive::apply_extrinsic(timestamp).expect("timestamp valid").expect("timestamp applies");
}

fn check_invariants() -> Result<(), String> {
	pallet_datasets::Pallet::<Runtime>::do_try_state().map_err(|e| format!("Datasets: {e:?}"))?;
	pallet_models::Pallet::<Runtime>::do_try_state().map_err(|e| format!("Models: {e:?}"))?;
	pallet_inference::Pallet::<Runtime>::do_try_state().map_err(|e| format!("Inference: {e:?}"))?;
	pallet_royalties::Pallet::<Runtime>::do_try_state().map_err(|e| format!("Royalties: {e:?}"))?;
	pallet_disputes::Pallet::<Runtime>::do_try_state().map_err(|e| format!("Disputes: {e:?}"))?;
	check_holds()?;
	let minimum: u128 = <Runtime as pallet_royalties::Config>::MinimumCredit::get();
	if let Some((who, accrued)) =
		pallet_royalties::Accrued::<Runtime>::iter().find(|(_, accrued)| *accrued < minimum)
	{
		return Err(format!("{who} accrued {accrued}, below the minimum credit {minimum}"));
	}
	let held: u128 = frame_system::Account::<Runtime>::iter()
		.map(|(_, a)| a.data.free.saturating_add(a.data.reserved))
		.sum();
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	if held != issuance {
		return Err(format!("total issuance {issuance} != sum of balances {held}"));
	}
	Ok(())
}

/// Every hold of every account equals the deposits its records and commitments name, per
/// reason: no hold without a record, no record without its hold.
fn check_holds() -> Result<(), String> {
	use provenance_runtime::RuntimeHoldReason as Reason;
	use std::collections::BTreeMap;
	let mut expected: BTreeMap<(AccountId, Vec<u8>), u128> = BTreeMap::new();
	let mut add = |who: AccountId, reason: Reason, amount: u128| {
		if amount > 0 {
			*expected.entry((who, reason.encode())).or_default() += amount;
		}
	};
	for (_, d) in pallet_datasets::Datasets::<Runtime>::iter() {
		add(d.owner, Reason::Datasets(pallet_datasets::HoldReason::DatasetDeposit), d.deposit);
	}
	for (_, c) in pallet_datasets::Commitments::<Runtime>::iter() {
		add(c.who, Reason::Datasets(pallet_datasets::HoldReason::CommitmentDeposit), c.deposit);
	}
	for (_, m) in pallet_models::Models::<Runtime>::iter() {
		add(m.owner, Reason::Models(pallet_models::HoldReason::ModelDeposit), m.deposit);
	}
	for (_, c) in pallet_models::Commitments::<Runtime>::iter() {
		add(c.who, Reason::Models(pallet_models::HoldReason::CommitmentDeposit), c.deposit);
	}
	for (_, _, e) in pallet_inference::Claims::<Runtime>::iter() {
		add(
			e.submitter,
			Reason::Inference(pallet_inference::HoldReason::InferenceDeposit),
			e.deposit,
		);
	}
	for (_, b) in pallet_inference::Batches::<Runtime>::iter() {
		add(b.submitter, Reason::Inference(pallet_inference::HoldReason::BatchDeposit), b.deposit);
	}
	for (_, list) in pallet_royalties::Beneficiaries::<Runtime>::iter() {
		if let Some((payer, ticket)) = list.deposit {
			// The ticket (upstream `HoldConsideration`) encodes as the amount it holds, which
			// must be the linear price of the list's encoded size.
			let held = u128::decode(&mut &ticket.encode()[..]).expect("a ticket is a balance");
			let size = list.beneficiaries.encoded_size() as u128;
			let price = provenance_runtime::configs::RecordDepositBase::get()
				+ size * provenance_runtime::configs::RecordDepositPerByte::get();
			if held != price {
				return Err(format!("a beneficiary list holds {held}, its price is {price}"));
			}
			add(payer, Reason::Royalties(pallet_royalties::HoldReason::BeneficiaryList), held);
		}
	}
	for (_, d) in pallet_disputes::Disputes::<Runtime>::iter() {
		if d.state == provenance_primitives::DisputeState::Open {
			add(d.opener, Reason::Disputes(pallet_disputes::HoldReason::DisputeBond), d.bond);
		}
	}
	let mut actual: BTreeMap<(AccountId, Vec<u8>), u128> = BTreeMap::new();
	for (who, holds) in pallet_balances::Holds::<Runtime>::iter() {
		for hold in holds {
			if hold.amount > 0 {
				*actual.entry((who.clone(), hold.id.encode())).or_default() += hold.amount;
			}
		}
	}
	if actual != expected {
		let extra: Vec<_> = actual.iter().filter(|(k, v)| expected.get(*k) != Some(*v)).collect();
		let missing: Vec<_> = expected.iter().filter(|(k, v)| actual.get(*k) != Some(*v)).collect();
		return Err(format!(
			"holds differ from the records' deposits: held {extra:?}, owed {missing:?}"
		));
	}
	Ok(())
}

fn bytes<S: Get<u32>>(rng: &mut Rng) -> BoundedVec<u8, S> {
	let len = match rng.below(3) {
		0 => 0,
		1 => S::get(),
		_ => rng.below(u64::from(S::get()) + 1) as u32,
	};
	BoundedVec::truncate_from(vec![b'x'; len as usize])
}

fn license(rng: &mut Rng) -> License {
	License {
		spdx: BoundedVec::truncate_from(b"MIT".to_vec()),
		commercial_use: rng.chance(70),
		derivatives_allowed: rng.chance(80),
		ai_training_allowed: rng.chance(80),
		terms_hash: rng.chance(20).then(|| H256::repeat_byte(7)),
	}
}

fn root(rng: &mut Rng) -> H256 {
	H256::from_low_u64_be(rng.below(ROOTS) + 1)
}

fn salt(rng: &mut Rng) -> [u8; 32] {
	[rng.below(2) as u8; 32]
}

fn amount(rng: &mut Rng) -> u128 {
	// Around the minimum credit (the existential deposit) too, where the dust rule folds credits.
	let minimum: u128 = <Runtime as pallet_royalties::Config>::MinimumCredit::get();
	match rng.below(7) {
		0 => 0,
		1 => 1,
		2 => u128::MAX,
		3 => rng.below(1_000) as u128 * UNIT,
		4 => minimum - 1 + rng.below(3) as u128,
		5 => minimum * (1 + rng.below(200) as u128),
		_ => rng.below(1_000_000_000) as u128,
	}
}

/// An id below the next one (mostly), or an unknown one.
fn id(rng: &mut Rng, next: u64) -> u64 {
	if rng.chance(85) && next > 0 {
		rng.below(next)
	} else {
		next.saturating_add(rng.below(3))
	}
}

fn shares(rng: &mut Rng, accounts: &[AccountId]) -> Vec<(AccountId, Perbill)> {
	let n = rng.below(3) as usize + 1;
	let mut list: Vec<(AccountId, Perbill)> = (0..n)
		.map(|_| {
			let who = accounts[rng.below(accounts.len() as u64) as usize].clone();
			(who, Perbill::from_parts(1_000_000_000 / n as u32))
		})
		.collect();
	// Make the shares whole most of the time.
	if rng.chance(85) {
		let rest = 1_000_000_000 - (1_000_000_000 / n as u32) * n as u32;
		if let Some(first) = list.first_mut() {
			first.1 = Perbill::from_parts(first.1.deconstruct() + rest);
		}
	}
	list
}

/// One random call from `who` (index into `accounts`).
fn random_call(rng: &mut Rng, who: &AccountId, accounts: &[AccountId]) -> RuntimeCall {
	let other = accounts[rng.below(accounts.len() as u64) as usize].clone();
	let next_dataset = pallet_datasets::NextDatasetId::<Runtime>::get();
	let next_model = pallet_models::NextModelId::<Runtime>::get();
	let next_batch = pallet_inference::NextBatchId::<Runtime>::get();
	type D = pallet_datasets::Call<Runtime>;
	type M = pallet_models::Call<Runtime>;
	type I = pallet_inference::Call<Runtime>;
	type R = pallet_royalties::Call<Runtime>;
	type X = pallet_disputes::Call<Runtime>;
	let next_dispute = pallet_disputes::NextDisputeId::<Runtime>::get();
	match rng.below(32) {
		0 => RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: other.into(),
			value: amount(rng),
		}),
		1 | 2 => {
			let contributors = shares(rng, accounts);
			RuntimeCall::Datasets(D::register {
				content_root: root(rng),
				size_bytes: rng.next(),
				uri: bytes(rng),
				license: license(rng),
				metadata: bytes(rng),
				contributors: BoundedVec::truncate_from(contributors),
				previous_version: rng.chance(20).then(|| id(rng, next_dataset)),
				salt: rng.chance(50).then(|| salt(rng)),
			})
		}
		3 => RuntimeCall::Datasets(D::commit {
			commitment: registration_commitment(&root(rng), who, &salt(rng)),
		}),
		4 => RuntimeCall::Datasets(D::update_metadata {
			id: id(rng, next_dataset),
			uri: bytes(rng),
			metadata: bytes(rng),
		}),
		5 => RuntimeCall::Datasets(D::set_contributors {
			id: id(rng, next_dataset),
			contributors: BoundedVec::truncate_from(shares(rng, accounts)),
		}),
		6 => RuntimeCall::Datasets(D::offer_transfer { id: id(rng, next_dataset), to: other }),
		7 => RuntimeCall::Datasets(D::accept_transfer { id: id(rng, next_dataset) }),
		8 => RuntimeCall::Datasets(D::retract { id: id(rng, next_dataset), reason: bytes(rng) }),
		9 | 10 => {
			let parents: Vec<(u64, Derivation)> =
				(0..rng.below(3)).map(|_| (id(rng, next_model), Derivation::FineTune)).collect();
			let datasets: Vec<u64> = (0..rng.below(3)).map(|_| id(rng, next_dataset)).collect();
			RuntimeCall::Models(M::register {
				weights_root: root(rng),
				config_hash: H256::repeat_byte(1),
				uri: bytes(rng),
				license: license(rng),
				metadata: bytes(rng),
				parents: BoundedVec::truncate_from(parents),
				datasets: BoundedVec::truncate_from(datasets),
				salt: rng.chance(50).then(|| salt(rng)),
			})
		}
		11 => RuntimeCall::Models(M::commit {
			commitment: registration_commitment(&root(rng), who, &salt(rng)),
		}),
		12 => RuntimeCall::Models(M::offer_transfer { id: id(rng, next_model), to: other }),
		13 => RuntimeCall::Models(M::accept_transfer { id: id(rng, next_model) }),
		14 => RuntimeCall::Models(M::retract { id: id(rng, next_model), reason: bytes(rng) }),
		15 => RuntimeCall::Models(M::add_operator { id: id(rng, next_model), who: other }),
		16 => RuntimeCall::Models(M::remove_operator { id: id(rng, next_model), who: other }),
		17 | 18 => RuntimeCall::Inference(I::log {
			model_id: id(rng, next_model),
			input_hash: H256::repeat_byte(rng.below(3) as u8),
			output_hash: H256::from_low_u64_be(rng.below(OUTPUTS)),
			params_hash: H256::zero(),
		}),
		19 => RuntimeCall::Inference(I::anchor_batch {
			model_id: id(rng, next_model),
			root: root(rng),
			count: match rng.below(4) {
				0 => 0,
				1 => 1,
				2 => u64::from(u32::MAX) + 1,
				_ => rng.below(1_000_000),
			},
			uri: bytes(rng),
		}),
		20 => {
			let asset = if rng.chance(50) {
				Asset::Dataset(id(rng, next_dataset))
			} else {
				Asset::Model(id(rng, next_model))
			};
			if rng.chance(20) {
				RuntimeCall::Royalties(R::clear_beneficiaries { asset })
			} else {
				RuntimeCall::Royalties(R::set_beneficiaries {
					asset,
					beneficiaries: BoundedVec::truncate_from(shares(rng, accounts)),
				})
			}
		}
		21 => RuntimeCall::Royalties(R::set_upstream {
			model_id: id(rng, next_model),
			upstream: Perbill::from_percent(rng.below(101) as u32),
		}),
		22 | 23 => {
			let model_id = id(rng, next_model);
			let value = amount(rng);
			let expected = match rng.below(3) {
				0 => None,
				1 => pallet_royalties::Pallet::<Runtime>::quote(model_id, value)
					.ok()
					.map(|credits| provenance_primitives::quote_hash(&credits)),
				_ => Some(H256::repeat_byte(0xee)),
			};
			RuntimeCall::Royalties(R::pay { model_id, amount: value, expected })
		}
		24 => RuntimeCall::Royalties(R::claim {}),
		31 => RuntimeCall::Royalties(R::set_price {
			model_id: id(rng, next_model),
			price_per_inference: if rng.chance(25) { 0 } else { amount(rng) / 1_000 },
		}),
		26 | 27 => {
			use provenance_primitives::{DisputeKind, DisputeTarget};
			let target = match rng.below(4) {
				0 => DisputeTarget::Dataset(id(rng, next_dataset)),
				1 => DisputeTarget::Model(id(rng, next_model)),
				2 => DisputeTarget::Batch(id(rng, next_batch)),
				_ => DisputeTarget::Inference {
					output_hash: H256::from_low_u64_be(rng.below(OUTPUTS)),
					model_id: id(rng, next_model),
				},
			};
			RuntimeCall::Disputes(X::open {
				target,
				kind: DisputeKind::Other,
				evidence: H256::repeat_byte(9),
				uri: bytes(rng),
			})
		}
		28 => RuntimeCall::Disputes(X::respond {
			id: id(rng, next_dispute),
			evidence: H256::repeat_byte(8),
			uri: bytes(rng),
		}),
		29 => RuntimeCall::Disputes(X::withdraw { id: id(rng, next_dispute) }),
		30 => {
			use provenance_primitives::Verdict;
			let verdict = match rng.below(3) {
				0 => Verdict::Dismissed,
				1 => Verdict::Retract,
				_ => Verdict::TransferTo(other),
			};
			let resolve = RuntimeCall::Disputes(X::resolve { id: id(rng, next_dispute), verdict });
			RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(resolve) })
		}
		_ => RuntimeCall::Inference(I::anchor_batch {
			model_id: id(rng, next_model),
			root: H256::repeat_byte(3),
			count: next_batch.saturating_add(1),
			uri: bytes(rng),
		}),
	}
}

/// What a run did.
#[derive(Default, Debug)]
struct Figures {
	blocks: u32,
	extrinsics: u64,
	succeeded: u64,
	failed_dispatch: u64,
	invalid: u64,
	invariant_checks: u64,
}

/// One step of a run: who signs what, in which block.
#[derive(Clone, Debug)]
struct Step {
	block: u32,
	signer: usize,
	call: RuntimeCall,
}

/// Replays `steps` from genesis; the first failure (panic or broken invariant), if any.
fn replay(pairs: &[sr25519::Pair], steps: &[Step]) -> Option<String> {
	let mut ext = ext(pairs);
	ext.execute_with(|| {
		let mut block = 0u32;
		let mut parent = H256::zero();
		for step in steps {
			while block < step.block {
				if block > 0 {
					parent = Executive::finalize_block().hash();
					if let Err(e) = check_invariants() {
						return Some(e);
					}
				}
				block += 1;
				start_block(block, parent);
			}
			let xt = sign(&pairs[step.signer], step.call.clone());
			if let Err(panic) = catch_unwind(AssertUnwindSafe(|| Executive::apply_extrinsic(xt))) {
				return Some(format!("panic: {panic:?}"));
			}
		}
		if block > 0 {
			let _ = Executive::finalize_block();
		}
		check_invariants().err()
	})
}

/// Greedily drops steps while the failure persists: a minimal reproducer.
fn shrink(pairs: &[sr25519::Pair], mut steps: Vec<Step>) -> Vec<Step> {
	let mut i = 0;
	while i < steps.len() {
		let mut fewer = steps.clone();
		fewer.remove(i);
		if replay(pairs, &fewer).is_some() {
			steps = fewer;
		} else {
			i += 1;
		}
	}
	steps
}

fn run(seed: u64, budget: Duration, max_blocks: u32) -> (Figures, Option<(String, Vec<Step>)>) {
	let pairs = pairs();
	let accounts: Vec<AccountId> = pairs.iter().map(account).collect();
	let mut rng = Rng(seed | 1);
	let mut figures = Figures::default();
	let mut steps: Vec<Step> = Vec::new();
	let started = Instant::now();
	let mut ext = ext(&pairs);
	let failure = ext.execute_with(|| {
		let mut parent = H256::zero();
		for block in 1..=max_blocks {
			if started.elapsed() > budget {
				break;
			}
			start_block(block, parent);
			for _ in 0..rng.below(24) + 1 {
				let mut signer = rng.below(accounts.len() as u64) as usize;
				let call = random_call(&mut rng, &accounts[signer], &accounts);
				if matches!(call, RuntimeCall::Sudo(_)) {
					signer = 0;
				}
				steps.push(Step { block, signer, call: call.clone() });
				let xt = sign(&pairs[signer], call);
				figures.extrinsics += 1;
				match catch_unwind(AssertUnwindSafe(|| Executive::apply_extrinsic(xt))) {
					Ok(Ok(Ok(()))) => figures.succeeded += 1,
					Ok(Ok(Err(_))) => figures.failed_dispatch += 1,
					Ok(Err(_)) => figures.invalid += 1,
					Err(panic) => return Some(format!("panic in block {block}: {panic:?}")),
				}
			}
			parent = Executive::finalize_block().hash();
			figures.blocks = block;
			figures.invariant_checks += 1;
			if let Err(e) = check_invariants() {
				return Some(format!("after block {block}: {e}"));
			}
		}
		None
	});
	(figures, failure.map(|f| (f, steps)))
}

#[test]
fn random_extrinsics_keep_every_invariant() {
	let seconds: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
	let seed: u64 =
		std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_2026);
	// The bounded run of the test command: 600 blocks (seconds), whatever the machine.
	let (budget, max_blocks) = if seconds == 0 {
		(Duration::from_secs(600), 600)
	} else {
		(Duration::from_secs(seconds), u32::MAX)
	};
	let started = Instant::now();
	let (figures, failure) = run(seed, budget, max_blocks);
	println!(
		"fuzz seed {seed}: {} blocks, {} extrinsics ({} succeeded, {} failed with a dispatch error, {} refused as invalid), {} invariant checks, {} failures, in {:.1} s",
		figures.blocks,
		figures.extrinsics,
		figures.succeeded,
		figures.failed_dispatch,
		figures.invalid,
		figures.invariant_checks,
		u32::from(failure.is_some()),
		started.elapsed().as_secs_f64(),
	);
	if let Some((error, steps)) = failure {
		let minimal = shrink(&pairs(), steps);
		let reproducer: Vec<String> = minimal
			.iter()
			.map(|s| format!("block {} signer {}: {:?}", s.block, s.signer, s.call))
			.collect();
		panic!(
			"{error}\nminimal reproducer ({} extrinsics):\n{}",
			minimal.len(),
			reproducer.join("\n")
		);
	}
	assert!(figures.succeeded > 0, "no extrinsic succeeded: the generator is broken");
	assert!(figures.failed_dispatch > 0, "no extrinsic failed: the generator is not adversarial");
}

/// The checks can fail: a corrupted issuance and a hold without a record are caught.
#[test]
fn the_invariant_checks_catch_corruption() {
	let pairs = pairs();
	let mut ext = ext(&pairs);
	ext.execute_with(|| {
		assert_eq!(check_invariants(), Ok(()));
		pallet_balances::TotalIssuance::<Runtime>::mutate(|total| *total += 1);
		assert!(check_invariants().unwrap_err().contains("total issuance"));
		pallet_balances::TotalIssuance::<Runtime>::mutate(|total| *total -= 1);
		use frame_support::traits::fungible::MutateHold;
		let who = account(&pairs[0]);
		pallet_balances::Pallet::<Runtime>::hold(
			&provenance_runtime::RuntimeHoldReason::Datasets(
				pallet_datasets::HoldReason::CommitmentDeposit,
			),
			&who,
			UNIT,
		)
		.unwrap();
		assert!(check_invariants().unwrap_err().contains("holds differ"));
	});
}
