//! Criterion benchmarks of the inference-batch Merkle code: leaf hashing, the root of 1,000,000
//! records (with and without hashing the leaves), proof generation and proof verification, all on
//! one thread. Run with `cargo bench --workspace --bench merkle`. Figures: docs/PERFORMANCE.md.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use provenance_primitives::merkle::{self, InferenceRecord, MerkleTree};
use sp_core::H256;
use std::hint::black_box;

fn record(i: u64) -> InferenceRecord {
	InferenceRecord {
		model_id: 1,
		input_hash: H256::from_low_u64_be(i),
		output_hash: H256::from_low_u64_le(i),
		params_hash: H256::repeat_byte(7),
	}
}

fn benches(c: &mut Criterion) {
	let records: Vec<InferenceRecord> = (0..1_000_000u64).map(record).collect();
	let leaves: Vec<H256> = records.iter().map(InferenceRecord::leaf_hash).collect();

	c.bench_function("leaf_hash", |b| b.iter(|| black_box(record(42)).leaf_hash()));

	let mut group = c.benchmark_group("root");
	group.sample_size(10);
	// The whole job an operator runs for a batch, on one core: a million records to leaf values
	// to the root.
	group.bench_function("records_to_root_1m", |b| {
		b.iter(|| {
			let leaves: Vec<H256> =
				black_box(&records).iter().map(InferenceRecord::leaf_hash).collect();
			merkle::batch_root(&leaves)
		})
	});
	group.bench_function("batch_root_1m", |b| b.iter(|| merkle::batch_root(black_box(&leaves))));
	group.bench_function("merkle_tree_1m", |b| {
		b.iter(|| MerkleTree::new(black_box(&leaves)).root())
	});
	group.finish();

	let tree = MerkleTree::new(&leaves);
	let root = tree.root();
	c.bench_function("proof_from_tree_1m", |b| b.iter(|| tree.proof(black_box(777_777))));
	let proof = tree.proof(777_777).expect("index below count");
	let rec = record(777_777);
	c.bench_function("verify_1m", |b| {
		b.iter_batched(
			|| proof.clone(),
			|p| assert!(merkle::verify(&root, 1_000_000, &rec, &p)),
			BatchSize::SmallInput,
		)
	});
}

criterion_group!(merkle_benches, benches);
criterion_main!(merkle_benches);
