//! Criterion benchmark of offline receipt verification (`provenance verify-receipt`'s work, from
//! the receipt's text and the chain spec's JSON), for a dataset receipt with 0, 10 and 100
//! authority-set hand-offs, on synthetic chains (provenance_cli::receipt::fixture) whose genesis
//! holds a 620 KB `:code` like the real runtime's. Also prints each receipt's size. Run with
//! `cargo bench --workspace --bench receipt`. Figures: docs/RECEIPTS.md, docs/PERFORMANCE.md.

use criterion::{criterion_group, criterion_main, Criterion};
use provenance_cli::receipt::{self, fixture};
use std::hint::black_box;

/// The size of the real runtime's compressed wasm in the chain spec (about 620 KB).
const CODE_LEN: usize = 620 * 1024;

fn benches(c: &mut Criterion) {
	let mut group = c.benchmark_group("verify_receipt");
	for hand_offs in [0usize, 10, 100] {
		let chain = fixture::chain_with_code(hand_offs, CODE_LEN);
		let receipt = fixture::receipt(&chain, fixture::subject("dataset"));
		let text = serde_json::to_string_pretty(&receipt).expect("serializable");
		let spec = serde_json::to_string(&chain.spec).expect("serializable");
		println!("receipt with {hand_offs} hand-offs: {} bytes", text.len());
		group.bench_function(format!("dataset_{hand_offs}_hand_offs"), |b| {
			b.iter(|| {
				let spec: serde_json::Value = serde_json::from_str(black_box(&spec)).expect("json");
				let parsed = receipt::parse(black_box(&text)).expect("a receipt");
				receipt::verify(&parsed, &spec).expect("verifies")
			})
		});
	}
	group.finish();
}

criterion_group!(receipt_benches, benches);
criterion_main!(receipt_benches);
