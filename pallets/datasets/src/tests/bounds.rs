//! Bounds: over-long inputs cannot be built nor decoded.

use super::*;
use codec::{Decode, Encode};
use provenance_primitives::MAX_SPDX_LEN;

/// A `Datasets::register` call encoded by hand, with plain vectors so any length can be sent.
fn encoded_register(
	uri: Vec<u8>,
	spdx: Vec<u8>,
	metadata: Vec<u8>,
	contributors: Vec<(u64, Perbill)>,
) -> Vec<u8> {
	let mut bytes = vec![PALLET_INDEX, 0u8];
	root(1).encode_to(&mut bytes);
	1_000u64.encode_to(&mut bytes);
	uri.encode_to(&mut bytes);
	// License { spdx, commercial_use, derivatives_allowed, ai_training_allowed, terms_hash }
	(spdx, true, true, true, Option::<H256>::None).encode_to(&mut bytes);
	metadata.encode_to(&mut bytes);
	contributors.encode_to(&mut bytes);
	Option::<DatasetId>::None.encode_to(&mut bytes);
	Option::<[u8; 32]>::None.encode_to(&mut bytes);
	bytes
}

fn many(count: u64) -> Vec<(u64, Perbill)> {
	// Shares do not matter for decoding.
	(0..count).map(|i| (i + 10, Perbill::zero())).collect()
}

#[test]
fn a_call_at_the_bounds_decodes() {
	build_and_execute(|| {
		let max_uri = <MaxUri as Get<u32>>::get() as usize;
		let max_meta = <MaxMeta as Get<u32>>::get() as usize;
		let bytes = encoded_register(
			vec![b'u'; max_uri],
			vec![b's'; MAX_SPDX_LEN as usize],
			vec![b'm'; max_meta],
			many(<MaxContrib as Get<u32>>::get().into()),
		);
		let call = RuntimeCall::decode(&mut &bytes[..]).expect("within bounds");
		match call {
			RuntimeCall::Datasets(crate::Call::register {
				uri,
				license,
				metadata,
				contributors,
				..
			}) => {
				assert_eq!(uri.len(), max_uri);
				assert_eq!(license.spdx.len(), MAX_SPDX_LEN as usize);
				assert_eq!(metadata.len(), max_meta);
				assert_eq!(contributors.len(), <MaxContrib as Get<u32>>::get() as usize);
			}
			other => panic!("unexpected call {other:?}"),
		}
	});
}

#[test]
fn too_many_contributors_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = <MaxContrib as Get<u32>>::get() as u64 + 1;
		assert!(Contributors::try_from(many(over)).is_err());
		assert!(Contributors::try_from(many(over - 1)).is_ok());
		let bytes = encoded_register(URI.to_vec(), b"MIT".to_vec(), META.to_vec(), many(over));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		let bytes = encoded_register(URI.to_vec(), b"MIT".to_vec(), META.to_vec(), many(over - 1));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_ok());
	});
}

#[test]
fn an_over_long_uri_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = <MaxUri as Get<u32>>::get() as usize + 1;
		assert!(BoundedVec::<u8, MaxUri>::try_from(vec![b'u'; over]).is_err());
		let bytes = encoded_register(vec![b'u'; over], b"MIT".to_vec(), META.to_vec(), many(1));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		// update_metadata(id, uri, metadata)
		let mut bytes = vec![PALLET_INDEX, 1u8];
		(0u64, vec![b'u'; over], META.to_vec()).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
	});
}

#[test]
fn over_long_metadata_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = <MaxMeta as Get<u32>>::get() as usize + 1;
		assert!(BoundedVec::<u8, MaxMeta>::try_from(vec![b'm'; over]).is_err());
		let bytes = encoded_register(URI.to_vec(), b"MIT".to_vec(), vec![b'm'; over], many(1));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		let mut bytes = vec![PALLET_INDEX, 1u8];
		(0u64, URI.to_vec(), vec![b'm'; over]).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		let mut bytes = vec![PALLET_INDEX, 1u8];
		(0u64, URI.to_vec(), vec![b'm'; over - 1]).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_ok());
	});
}

#[test]
fn an_over_long_spdx_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = MAX_SPDX_LEN as usize + 1;
		assert!(BoundedVec::<u8, frame_support::traits::ConstU32<MAX_SPDX_LEN>>::try_from(vec![
                b's';
                over
            ])
		.is_err());
		let license = (vec![b's'; over], true, true, true, Option::<H256>::None).encode();
		assert!(License::decode(&mut &license[..]).is_err());
		let bytes = encoded_register(URI.to_vec(), vec![b's'; over], META.to_vec(), many(1));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
	});
}

#[test]
fn an_over_long_reason_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = <MaxReason as Get<u32>>::get() as usize + 1;
		assert!(BoundedVec::<u8, MaxReason>::try_from(vec![b'r'; over]).is_err());
		let mut bytes = vec![PALLET_INDEX, 4u8];
		(0u64, vec![b'r'; over]).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		let mut bytes = vec![PALLET_INDEX, 4u8];
		(0u64, vec![b'r'; over - 1]).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_ok());
	});
}
