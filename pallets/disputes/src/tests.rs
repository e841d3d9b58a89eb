//! Unit tests: every call's events and every error it can return, bonds, statuses, verdict
//! effects and escrow releases.

use crate::{mock::*, Error, Event, HoldReason, NextDisputeId, OpenCount, OpenDisputes};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use provenance_primitives::{
	Asset, DisputeId, DisputeKind, DisputeState, DisputeTarget, EscrowRelease, Status, Verdict,
};
use sp_core::H256;
use sp_runtime::DispatchError;

const TARGET: DisputeTarget = DisputeTarget::Dataset(DATASET);

fn uri(bytes: &[u8]) -> BoundedVec<u8, MaxUriLen> {
	BoundedVec::try_from(bytes.to_vec()).unwrap()
}

fn open(who: AccountId, target: DisputeTarget) -> DisputeId {
	let id = NextDisputeId::<Test>::get();
	assert_ok!(Disputes::open(
		RuntimeOrigin::signed(who),
		target,
		DisputeKind::Ownership,
		H256::repeat_byte(1),
		uri(b"ipfs://evidence"),
	));
	id
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::DisputeBond.into(), &who)
}

fn dataset_status() -> Status {
	MockRegistry::dataset(DATASET).unwrap().status
}

fn state(id: DisputeId) -> DisputeState<AccountId> {
	crate::Disputes::<Test>::get(id).unwrap().state
}

// ---- open ----

#[test]
fn open_holds_the_bond_marks_the_target_disputed_and_emits_an_event() {
	build_and_execute(|| {
		let id = open(ALICE, TARGET);
		assert_eq!(id, 0);
		System::assert_last_event(
			Event::DisputeOpened {
				id,
				target: TARGET,
				kind: DisputeKind::Ownership,
				opener: ALICE,
				bond: BOND,
			}
			.into(),
		);
		assert_eq!(held(ALICE), BOND);
		assert_eq!(dataset_status(), Status::Disputed);
		assert_eq!(OpenCount::<Test>::get(TARGET), 1);
		assert_eq!(OpenDisputes::<Test>::get(TARGET, ALICE), Some(id));
		let view = Disputes::dispute_view(id).unwrap();
		assert_eq!((view.opener, view.bond, view.state), (ALICE, BOND, DisputeState::Open));
		assert_eq!(view.uri, b"ipfs://evidence".to_vec());
	});
}

#[test]
fn open_refuses_unknown_inactive_and_own_targets() {
	build_and_execute(|| {
		let evidence = H256::zero();
		let kind = DisputeKind::Other;
		assert_noop!(
			Disputes::open(
				RuntimeOrigin::signed(ALICE),
				DisputeTarget::Dataset(99),
				kind,
				evidence,
				uri(b"")
			),
			Error::<Test>::UnknownTarget
		);
		assert_noop!(
			Disputes::open(
				RuntimeOrigin::signed(ALICE),
				DisputeTarget::Dataset(RETRACTED_DATASET),
				kind,
				evidence,
				uri(b"")
			),
			Error::<Test>::TargetNotActive
		);
		assert_noop!(
			Disputes::open(RuntimeOrigin::signed(OWNER), TARGET, kind, evidence, uri(b"")),
			Error::<Test>::CannotDisputeOwn
		);
		assert_noop!(
			Disputes::open(RuntimeOrigin::signed(POOR), TARGET, kind, evidence, uri(b"")),
			Error::<Test>::InsufficientBond
		);
		assert_noop!(
			Disputes::open(RuntimeOrigin::none(), TARGET, kind, evidence, uri(b"")),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn open_allows_one_dispute_per_opener_and_at_most_the_limit_per_target() {
	build_and_execute(|| {
		open(ALICE, TARGET);
		let again = || {
			Disputes::open(
				RuntimeOrigin::signed(ALICE),
				TARGET,
				DisputeKind::License,
				H256::zero(),
				uri(b""),
			)
		};
		assert_noop!(again(), Error::<Test>::AlreadyOpen);
		open(BOB, TARGET);
		assert_eq!(OpenCount::<Test>::get(TARGET), MAX_OPEN_PER_TARGET);
		assert_noop!(
			Disputes::open(
				RuntimeOrigin::signed(CHARLIE),
				TARGET,
				DisputeKind::License,
				H256::zero(),
				uri(b""),
			),
			Error::<Test>::TooManyDisputes
		);
		// Other targets are unaffected, and so is the same opener's dispute of another target.
		open(ALICE, DisputeTarget::Model(MODEL));
		open(ALICE, claim());
		open(ALICE, BATCH);
		assert_eq!(held(ALICE), 4 * BOND);
	});
}

#[test]
fn open_fails_when_ids_are_exhausted() {
	build_and_execute(|| {
		NextDisputeId::<Test>::put(u64::MAX);
		assert_noop!(
			Disputes::open(
				RuntimeOrigin::signed(ALICE),
				TARGET,
				DisputeKind::Content,
				H256::zero(),
				uri(b"")
			),
			Error::<Test>::Overflow
		);
	});
}

// ---- respond ----

#[test]
fn respond_stores_the_owners_answer_and_emits_an_event() {
	build_and_execute(|| {
		let id = open(ALICE, TARGET);
		System::set_block_number(5);
		assert_ok!(Disputes::respond(
			RuntimeOrigin::signed(OWNER),
			id,
			H256::repeat_byte(9),
			uri(b"https://answer")
		));
		System::assert_last_event(Event::DisputeResponded { id, owner: OWNER }.into());
		let response = Disputes::dispute_view(id).unwrap().response.unwrap();
		assert_eq!(response.evidence, H256::repeat_byte(9));
		assert_eq!(response.uri, b"https://answer".to_vec());
		assert_eq!(response.block, 5);
	});
}

#[test]
fn respond_refuses_others_unknown_and_closed_disputes() {
	build_and_execute(|| {
		let id = open(ALICE, TARGET);
		assert_noop!(
			Disputes::respond(RuntimeOrigin::signed(BOB), id, H256::zero(), uri(b"")),
			Error::<Test>::NotTargetOwner
		);
		assert_noop!(
			Disputes::respond(RuntimeOrigin::signed(OWNER), 42, H256::zero(), uri(b"")),
			Error::<Test>::UnknownDispute
		);
		let gone = open(ALICE, DisputeTarget::Model(MODEL));
		MockRegistry::remove_model(MODEL);
		assert_noop!(
			Disputes::respond(RuntimeOrigin::signed(OWNER), gone, H256::zero(), uri(b"")),
			Error::<Test>::UnknownTarget
		);
		assert_ok!(Disputes::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Disputes::respond(RuntimeOrigin::signed(OWNER), id, H256::zero(), uri(b"")),
			Error::<Test>::NotOpen
		);
	});
}

// ---- withdraw ----

#[test]
fn withdraw_releases_the_bond_restores_the_status_and_releases_the_escrow() {
	build_and_execute(|| {
		let id = open(ALICE, TARGET);
		MockRegistry::escrow(Asset::Dataset(DATASET), 300);
		System::set_block_number(3);
		assert_ok!(Disputes::withdraw(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(Event::DisputeWithdrawn { id, opener: ALICE, bond: BOND }.into());
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE);
		assert_eq!(dataset_status(), Status::Active);
		assert_eq!(state(id), DisputeState::Withdrawn);
		assert_eq!(crate::Disputes::<Test>::get(id).unwrap().closed_at, Some(3));
		assert_eq!(
			MockRegistry::effects(),
			vec![VerdictEffect::EscrowReleased(
				Asset::Dataset(DATASET),
				EscrowRelease::Beneficiaries,
				300
			)]
		);
		// The opener may open again.
		open(ALICE, TARGET);
	});
}

#[test]
fn the_target_stays_disputed_while_another_dispute_is_open() {
	build_and_execute(|| {
		let first = open(ALICE, TARGET);
		let second = open(BOB, TARGET);
		MockRegistry::escrow(Asset::Dataset(DATASET), 10);
		assert_ok!(Disputes::withdraw(RuntimeOrigin::signed(ALICE), first));
		assert_eq!(dataset_status(), Status::Disputed);
		assert!(MockRegistry::effects().is_empty(), "escrow waits for the last dispute");
		assert_ok!(Disputes::withdraw(RuntimeOrigin::signed(BOB), second));
		assert_eq!(dataset_status(), Status::Active);
		assert_eq!(OpenCount::<Test>::get(TARGET), 0);
		assert_eq!(MockRegistry::effects().len(), 1);
	});
}

#[test]
fn withdraw_refuses_others_unknown_and_closed_disputes() {
	build_and_execute(|| {
		let id = open(ALICE, TARGET);
		assert_noop!(Disputes::withdraw(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotOpener);
		assert_noop!(
			Disputes::withdraw(RuntimeOrigin::signed(ALICE), 7),
			Error::<Test>::UnknownDispute
		);
		assert_ok!(Disputes::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(Disputes::withdraw(RuntimeOrigin::signed(ALICE), id), Error::<Test>::NotOpen);
	});
}

// ---- resolve ----

#[test]
fn dismissed_pays_the_bond_to_the_owner_and_the_escrow_to_the_beneficiaries() {
	build_and_execute(|| {
		let id = open(ALICE, TARGET);
		MockRegistry::escrow(Asset::Dataset(DATASET), 77);
		assert_ok!(Disputes::resolve(RuntimeOrigin::root(), id, Verdict::Dismissed));
		System::assert_last_event(
			Event::DisputeResolved { id, verdict: Verdict::Dismissed, bond_to: OWNER }.into(),
		);
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE - BOND);
		assert_eq!(Balances::balance(&OWNER), INITIAL_BALANCE + BOND);
		assert_eq!(dataset_status(), Status::Active);
		assert_eq!(state(id), DisputeState::Resolved(Verdict::Dismissed));
		assert_eq!(
			MockRegistry::effects(),
			vec![VerdictEffect::EscrowReleased(
				Asset::Dataset(DATASET),
				EscrowRelease::Beneficiaries,
				77
			)]
		);
	});
}

#[test]
fn retract_retracts_the_target_and_gives_deposit_and_escrow_to_the_opener() {
	build_and_execute(|| {
		let id = open(ALICE, TARGET);
		let other = open(BOB, TARGET);
		MockRegistry::escrow(Asset::Dataset(DATASET), 40);
		assert_ok!(Disputes::resolve(RuntimeOrigin::root(), id, Verdict::Retract));
		System::assert_last_event(
			Event::DisputeResolved { id, verdict: Verdict::Retract, bond_to: ALICE }.into(),
		);
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE);
		assert_eq!(held(ALICE), 0);
		assert_eq!(dataset_status(), Status::Retracted);
		assert_eq!(
			MockRegistry::effects(),
			vec![
				VerdictEffect::Retracted(TARGET, ALICE),
				VerdictEffect::EscrowReleased(
					Asset::Dataset(DATASET),
					EscrowRelease::To(ALICE),
					40
				),
			]
		);
		// The other dispute stays open; a second Retract has nothing left to apply to, a
		// dismissal pays the owner, and the retracted status stays.
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::root(), other, Verdict::Retract),
			Error::<Test>::VerdictNotApplicable
		);
		assert_ok!(Disputes::resolve(RuntimeOrigin::root(), other, Verdict::Dismissed));
		assert_eq!(dataset_status(), Status::Retracted);
	});
}

#[test]
fn retract_of_an_inference_claim_removes_it() {
	build_and_execute(|| {
		let id = open(ALICE, claim());
		assert_ok!(Disputes::resolve(RuntimeOrigin::root(), id, Verdict::Retract));
		assert!(!MockRegistry::has_claim(claim()));
		assert_eq!(MockRegistry::effects(), vec![VerdictEffect::Retracted(claim(), ALICE)]);
	});
}

#[test]
fn transfer_moves_the_target_and_gives_the_escrow_to_the_new_owner() {
	build_and_execute(|| {
		let id = open(ALICE, TARGET);
		MockRegistry::escrow(Asset::Dataset(DATASET), 5);
		let verdict = Verdict::TransferTo(ALICE);
		assert_ok!(Disputes::resolve(RuntimeOrigin::root(), id, verdict.clone()));
		System::assert_last_event(Event::DisputeResolved { id, verdict, bond_to: ALICE }.into());
		assert_eq!(MockRegistry::dataset(DATASET).unwrap().owner, ALICE);
		assert_eq!(dataset_status(), Status::Active);
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE);
		assert_eq!(
			MockRegistry::effects(),
			vec![
				VerdictEffect::Transferred(TARGET, ALICE),
				VerdictEffect::EscrowReleased(Asset::Dataset(DATASET), EscrowRelease::To(ALICE), 5),
			]
		);
	});
}

#[test]
fn resolve_refuses_bad_origins_unknown_closed_and_inapplicable_verdicts() {
	build_and_execute(|| {
		let id = open(ALICE, TARGET);
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::signed(ALICE), id, Verdict::Dismissed),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::root(), 9, Verdict::Dismissed),
			Error::<Test>::UnknownDispute
		);
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::root(), id, Verdict::TransferTo(OWNER)),
			Error::<Test>::VerdictNotApplicable
		);
		let on_claim = open(ALICE, claim());
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::root(), on_claim, Verdict::TransferTo(ALICE)),
			Error::<Test>::VerdictNotApplicable
		);
		let on_model = open(ALICE, DisputeTarget::Model(MODEL));
		MockRegistry::remove_model(MODEL);
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::root(), on_model, Verdict::Dismissed),
			Error::<Test>::UnknownTarget
		);
		assert_ok!(Disputes::resolve(RuntimeOrigin::root(), id, Verdict::Dismissed));
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::root(), id, Verdict::Dismissed),
			Error::<Test>::NotOpen
		);
	});
}

// ---- queries ----

#[test]
fn disputes_of_lists_a_targets_disputes_by_id_within_the_bound() {
	build_and_execute(|| {
		let mut ids = vec![];
		for who in [ALICE, BOB, CHARLIE, ALICE] {
			let id = open(who, TARGET);
			ids.push(id);
			if who != BOB {
				assert_ok!(Disputes::withdraw(RuntimeOrigin::signed(who), id));
			}
		}
		open(ALICE, DisputeTarget::Model(MODEL));
		let listed: Vec<DisputeId> = Disputes::disputes_of(TARGET).iter().map(|d| d.id).collect();
		assert_eq!(listed.len(), MAX_LISTED as usize);
		assert!(listed.windows(2).all(|w| w[0] < w[1]));
		assert!(listed.iter().all(|id| ids.contains(id)));
		assert_eq!(Disputes::disputes_of(DisputeTarget::Batch(5)), vec![]);
		assert_eq!(Disputes::dispute_view(99), None);
	});
}
