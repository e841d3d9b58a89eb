//! Criterion benchmarks of the inference-batch Merkle code: leaf hashing, the root of 1,000,000
//! leaves, proof generation and proof verification. Run with `cargo bench -p provenance-primitives`.

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
	let leaves: Vec<H256> = (0..1_000_000u64).map(|i| record(i).leaf_hash()).collect();

	c.bench_function("leaf_hash", |b| b.iter(|| black_box(record(42)).leaf_hash()));

	let mut group = c.benchmark_group("root");
	group.sample_size(10);
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
