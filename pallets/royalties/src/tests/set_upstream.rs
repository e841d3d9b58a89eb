//! `set_upstream`: only the model's owner; zero removes the entry.

use super::*;
use crate::{Error, Upstream};
use frame_support::assert_noop;

#[test]
fn set_upstream_works_and_zero_removes_the_entry() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		set_upstream(2, m, 40);
		System::assert_last_event(
			Event::UpstreamSet { model_id: m, upstream: Perbill::from_percent(40) }.into(),
		);
		assert_eq!(Royalties::upstream_of(m), Perbill::from_percent(40));
		assert!(Upstream::<Test>::contains_key(m));

		set_upstream(2, m, 0);
		System::assert_last_event(
			Event::UpstreamSet { model_id: m, upstream: Perbill::zero() }.into(),
		);
		assert!(!Upstream::<Test>::contains_key(m));
	});
}

#[test]
fn set_upstream_rejects_bad_input() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_noop!(
			Royalties::set_upstream(RuntimeOrigin::signed(2), 99, Perbill::one()),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Royalties::set_upstream(RuntimeOrigin::signed(3), m, Perbill::one()),
			Error::<Test>::NotOwner
		);
	});
}
