//! Read access: `DatasetInspect` for other pallets, and the benchmark helper.

use super::*;
use provenance_primitives::{DatasetInspect, Status};

#[test]
fn dataset_inspect_reads_records() {
	build_and_execute(|| {
		assert_eq!(Datasets::dataset_summary(0), None);
		assert!(Datasets::dataset_contributors(0).is_empty());
		register_full(ALICE, root(1), parts(&[(BOB, 250_000_000), (CHARLIE, 750_000_000)]), None)
			.unwrap();
		let summary = Datasets::dataset_summary(0).unwrap();
		assert_eq!(summary.owner, ALICE);
		assert_eq!(summary.status, Status::Active);
		assert_eq!(summary.license, mit());
		assert_eq!(
			Datasets::dataset_contributors(0),
			vec![
				(BOB, Perbill::from_parts(250_000_000)),
				(CHARLIE, Perbill::from_parts(750_000_000))
			]
		);
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn benchmark_helper_creates_active_datasets() {
	use provenance_primitives::DatasetBenchmarkHelper;
	build_and_execute(|| {
		let a = Datasets::create_dataset(77, mit(), vec![], 1);
		let b = Datasets::create_dataset(
			77,
			License::permissive(b"Apache-2.0"),
			vec![(BOB, Perbill::one())],
			1,
		);
		assert_ne!(a, b);
		let summary = Datasets::dataset_summary(a).unwrap();
		assert_eq!((summary.owner, summary.status), (77, Status::Active));
		assert_eq!(Datasets::dataset_contributors(a), vec![(77, Perbill::one())]);
		assert_eq!(Datasets::dataset_contributors(b), vec![(BOB, Perbill::one())]);
		assert_ne!(
			Datasets::dataset_view(a).unwrap().content_root,
			Datasets::dataset_view(b).unwrap().content_root
		);
	});
}
