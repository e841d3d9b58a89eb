//! The JSON shapes of the query views (`std` only): the one definition that the RPC server, its
//! generated client, the CLI and the tests share.
//!
//! Field names are camelCase; hashes `0x`-hex; accounts SS58 (their own `serde` impl); balances
//! decimal strings ([`Amount`]); byte fields ([`text_or_hex`]) text when they are UTF-8, else
//! `0x`-hex; shares `{ "perbill": parts, "percent": "12.5" }` ([`share`]).

use alloc::{format, string::String, vec::Vec};
use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
use sp_runtime::Perbill;

/// A balance in JSON: serialized as a decimal string (exact for all of `u128`); read from a
/// decimal string or from a non-negative integer number.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Amount(pub u128);

impl From<u128> for Amount {
	fn from(value: u128) -> Self {
		Self(value)
	}
}

impl Serialize for Amount {
	fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.collect_str(&self.0)
	}
}

impl<'de> Deserialize<'de> for Amount {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		#[derive(Deserialize)]
		#[serde(untagged)]
		enum Repr {
			Text(String),
			Number(u64),
		}
		match Repr::deserialize(deserializer).map_err(|_| {
			D::Error::custom("expected a decimal integer string or a non-negative integer")
		})? {
			Repr::Number(n) => Ok(Self(u128::from(n))),
			Repr::Text(text) => {
				if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
					return Err(D::Error::custom(format!(
						"expected a decimal integer string, got {text:?}"
					)));
				}
				text.parse::<u128>()
					.map(Self)
					.map_err(|_| D::Error::custom(format!("{text:?} does not fit in 128 bits")))
			}
		}
	}
}

/// A `u128` balance field as an [`Amount`] (decimal string).
pub mod amount {
	use super::*;

	/// Serializes as a decimal string.
	pub fn serialize<S: Serializer>(value: &u128, s: S) -> Result<S::Ok, S::Error> {
		Amount(*value).serialize(s)
	}

	/// Reads a decimal string or a non-negative integer.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
		Amount::deserialize(d).map(|a| a.0)
	}
}

/// Byte fields (uri, metadata, SPDX id): text when the bytes are UTF-8, else `0x`-hex. Read back,
/// a string that is `0x` followed by an even number of hex digits is taken as hex.
pub mod text_or_hex {
	use super::*;

	/// Serializes `bytes` as text or `0x`-hex.
	pub fn serialize<S: Serializer, B: AsRef<[u8]>>(bytes: &B, s: S) -> Result<S::Ok, S::Error> {
		match core::str::from_utf8(bytes.as_ref()) {
			Ok(text) => s.serialize_str(text),
			Err(_) => s.serialize_str(&format!("0x{}", hex(bytes.as_ref()))),
		}
	}

	/// Reads bytes written by [`serialize`] (into a `Vec<u8>` or a bounded vector).
	pub fn deserialize<'de, D: Deserializer<'de>, B: TryFrom<Vec<u8>>>(
		d: D,
	) -> Result<B, D::Error> {
		let text = String::deserialize(d)?;
		let bytes = decode_hex(&text).unwrap_or_else(|| text.into_bytes());
		let len = bytes.len();
		B::try_from(bytes).map_err(|_| D::Error::custom(format!("{len} bytes is too long")))
	}

	fn hex(bytes: &[u8]) -> String {
		bytes.iter().map(|b| format!("{b:02x}")).collect()
	}

	fn decode_hex(text: &str) -> Option<Vec<u8>> {
		let digits = text.strip_prefix("0x")?;
		if digits.len() % 2 != 0 {
			return None;
		}
		(0..digits.len())
			.step_by(2)
			.map(|i| {
				digits.get(i..i.saturating_add(2)).and_then(|d| u8::from_str_radix(d, 16).ok())
			})
			.collect()
	}
}

/// A share: `{ "perbill": parts per billion (exact), "percent": "33.3333333" (readable) }`.
pub mod share {
	use super::*;

	#[derive(Serialize, Deserialize)]
	struct Repr {
		perbill: u32,
		#[serde(default)]
		percent: String,
	}

	/// Serializes a share with both representations.
	pub fn serialize<S: Serializer>(share: &Perbill, s: S) -> Result<S::Ok, S::Error> {
		let parts = share.deconstruct();
		Repr { perbill: parts, percent: format!("{}", f64::from(parts) / 1e7) }.serialize(s)
	}

	/// Reads a share from its `perbill` field.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Perbill, D::Error> {
		let repr = Repr::deserialize(d)?;
		if repr.perbill > Perbill::one().deconstruct() {
			return Err(D::Error::custom("perbill: more than 1,000,000,000"));
		}
		Ok(Perbill::from_parts(repr.perbill))
	}
}

/// `[(account, share)]` as `[{ "account": .., "share": { "perbill": .., "percent": .. } }]`.
pub mod shares {
	use super::*;

	#[derive(Deserialize)]
	struct Entry<A> {
		account: A,
		#[serde(with = "super::share")]
		share: Perbill,
	}

	#[derive(Serialize)]
	struct EntryRef<'a, A> {
		account: &'a A,
		#[serde(with = "super::share")]
		share: Perbill,
	}

	/// Serializes the list as objects.
	pub fn serialize<S: Serializer, A: Serialize>(
		list: &[(A, Perbill)],
		s: S,
	) -> Result<S::Ok, S::Error> {
		s.collect_seq(list.iter().map(|(account, share)| EntryRef { account, share: *share }))
	}

	/// Reads the list written by [`serialize`].
	pub fn deserialize<'de, D: Deserializer<'de>, A: Deserialize<'de>>(
		d: D,
	) -> Result<Vec<(A, Perbill)>, D::Error> {
		Ok(Vec::<Entry<A>>::deserialize(d)?.into_iter().map(|e| (e.account, e.share)).collect())
	}
}

/// A model's parents `[(id, derivation)]` as `[{ "id": .., "derivation": "fineTune" }]`.
pub mod parents {
	use super::*;
	use crate::{Derivation, ModelId};

	#[derive(Serialize, Deserialize)]
	struct Entry {
		id: ModelId,
		derivation: Derivation,
	}

	/// Serializes the list as objects.
	pub fn serialize<S: Serializer>(
		list: &[(ModelId, Derivation)],
		s: S,
	) -> Result<S::Ok, S::Error> {
		s.collect_seq(
			list.iter().map(|(id, derivation)| Entry { id: *id, derivation: *derivation }),
		)
	}

	/// Reads the list written by [`serialize`].
	pub fn deserialize<'de, D: Deserializer<'de>>(
		d: D,
	) -> Result<Vec<(ModelId, Derivation)>, D::Error> {
		Ok(Vec::<Entry>::deserialize(d)?.into_iter().map(|e| (e.id, e.derivation)).collect())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{views::*, Asset, Derivation, License, Status};
	use serde_json::json;
	use sp_core::{crypto::AccountId32, H256};

	fn round_trip<T: Serialize + for<'de> Deserialize<'de> + PartialEq + core::fmt::Debug>(
		value: T,
		expected: serde_json::Value,
	) {
		let json = serde_json::to_value(&value).expect("serializable");
		assert_eq!(json, expected);
		assert_eq!(serde_json::from_value::<T>(json).expect("readable"), value);
	}

	#[test]
	fn dataset_json_shape() {
		let owner = AccountId32::new([1; 32]);
		let ss58 = "5C62Ck4UrFPiBtoCmeSrgF7x9yv9mn38446dhCpsi2mLHiFT";
		round_trip(
			DatasetView {
				id: 4,
				owner: owner.clone(),
				content_root: H256::repeat_byte(0xab),
				size_bytes: 10,
				uri: b"ipfs://cid".to_vec(),
				license: License::permissive(b"CC-BY-4.0"),
				metadata: vec![0xff, 0x00],
				contributors: vec![(owner, Perbill::from_parts(333_333_333))],
				previous_version: None,
				registered_at: 7,
				status: Status::Retracted,
			},
			json!({
				"id": 4,
				"owner": ss58,
				"contentRoot": format!("0x{}", "ab".repeat(32)),
				"sizeBytes": 10,
				"uri": "ipfs://cid",
				"license": {
					"spdx": "CC-BY-4.0",
					"commercialUse": true,
					"derivativesAllowed": true,
					"aiTrainingAllowed": true,
					"termsHash": null,
				},
				"metadata": "0xff00",
				"contributors": [{ "account": ss58, "share": { "perbill": 333_333_333, "percent": "33.3333333" } }],
				"previousVersion": null,
				"registeredAt": 7,
				"status": "retracted",
			}),
		);
	}

	/// The JSON of `License::permissive(spdx)`.
	fn license_json(spdx: &str) -> serde_json::Value {
		json!({
			"spdx": spdx,
			"commercialUse": true,
			"derivativesAllowed": true,
			"aiTrainingAllowed": true,
			"termsHash": null,
		})
	}

	#[test]
	fn lineage_json_shape() {
		round_trip(
			Lineage {
				root: 3,
				status: Status::Active,
				weights_root: H256::repeat_byte(3),
				license: License::permissive(b"MIT"),
				tainted_ancestry: true,
				models: vec![LineageNode {
					id: 2,
					status: Status::Disputed,
					root: H256::repeat_byte(2),
					license: License::permissive(b"Apache-2.0"),
				}],
				datasets: vec![LineageNode {
					id: 1,
					status: Status::Retracted,
					root: H256::repeat_byte(1),
					license: License::permissive(b"CC-BY-4.0"),
				}],
				edges: vec![
					LineageEdge {
						from: 3,
						to: Asset::Model(2),
						kind: EdgeKind::Derived(Derivation::ContinuedPretraining),
					},
					LineageEdge { from: 3, to: Asset::Dataset(1), kind: EdgeKind::TrainedOn },
				],
				truncated: false,
			},
			json!({
				"root": 3,
				"status": "active",
				"weightsRoot": format!("0x{}", "03".repeat(32)),
				"license": license_json("MIT"),
				"taintedAncestry": true,
				"models": [{
					"id": 2,
					"status": "disputed",
					"root": format!("0x{}", "02".repeat(32)),
					"license": license_json("Apache-2.0"),
				}],
				"datasets": [{
					"id": 1,
					"status": "retracted",
					"root": format!("0x{}", "01".repeat(32)),
					"license": license_json("CC-BY-4.0"),
				}],
				"edges": [
					{ "from": 3, "to": { "model": 2 }, "kind": "continuedPretraining" },
					{ "from": 3, "to": { "dataset": 1 }, "kind": "trainedOn" },
				],
				"truncated": false,
			}),
		);
	}

	#[test]
	fn amounts_are_exact_decimal_strings() {
		round_trip(Amount(u128::MAX), json!(u128::MAX.to_string()));
		assert_eq!(serde_json::from_value::<Amount>(json!(10)).ok(), Some(Amount(10)));
		for bad in [json!("-5"), json!(""), json!("1e3"), json!(-1), json!(1.5), json!(null)] {
			assert!(serde_json::from_value::<Amount>(bad.clone()).is_err(), "{bad}");
		}
	}
}
