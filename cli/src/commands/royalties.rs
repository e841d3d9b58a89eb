//! `provenance royalties pay | claim`: paying for a model (split through its lineage) and claiming
//! what the signer has accrued. A zero amount, an unknown or retracted model and a claim with
//! nothing accrued are refused by the chain in the dry run.

use super::{print_json, Output, Signing};
use crate::{
	args,
	chain::{self, Chain},
};
use anyhow::Result;
use provenance_primitives::json::Amount;
use provenance_rpc::ProvenanceApiClient;
use serde_json::json;
use subxt::{dynamic::Value, utils::AccountId32};

/// `provenance royalties pay --model ID --amount AMOUNT`: quotes first, then pays pinned to the
/// quote (`expected = quoteHash`), so the payment credits exactly what was shown or fails with
/// `QuoteChanged`.
pub async fn royalties_pay(model_id: u64, amount: &str, s: &Signing, out: &Output) -> Result<()> {
	let amount = chain::parse_amount(amount)?;
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let chain = Chain::connect(&s.rpc).await?;
	// A quote the runtime refuses (unknown or retracted model, zero amount) is left to the dry
	// run of the unpinned call, which names the pallet error.
	let quote = chain
		.query(
			"royalties_quote",
			chain.queries().quote(Some(model_id.into()), Some(Amount(amount).into()), None),
		)
		.await
		.ok();
	let expected = quote.as_ref().map(|q| Value::from_bytes(q.quote_hash.as_bytes()));
	let call = chain::call(
		"Royalties",
		"pay",
		vec![
			("model_id", Value::u128(model_id.into())),
			("amount", Value::u128(amount)),
			("expected", args::option(expected)),
		],
	);
	match &quote {
		Some(quote) => out.notice(format!(
			"submitting Royalties.pay pinned to quote {:?} ({} credits) and waiting for finality…",
			quote.quote_hash,
			quote.credits.len()
		)),
		None => out.notice("submitting Royalties.pay and waiting for finality…"),
	}
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let credited: Vec<(String, u128)> = done
		.events
		.iter()
		.filter(|e| e.pallet == "Royalties" && e.name == "Credited")
		.map(|e| (account_field(e, "account"), e.u128_field("amount").unwrap_or(0)))
		.collect();
	if out.json {
		print_json(&json!({
			"modelId": model_id,
			"amount": amount.to_string(),
			"credited": credited.iter().map(|(a, v)| json!({ "account": a, "amount": v.to_string() })).collect::<Vec<_>>(),
			"block": done.block_hash,
		}));
	} else {
		println!(
			"paid {} for model {model_id} (block {})",
			chain::format_prov(amount),
			done.block_hash
		);
		for (who, value) in credited {
			println!("  credited {:>24}  {who}", chain::format_prov(value));
		}
	}
	Ok(())
}

fn account_field(e: &chain::ChainEvent, field: &str) -> String {
	use subxt::dynamic::At;
	let Some(v) = e.fields.at(field) else { return "?".into() };
	// An AccountId32 decodes as a composite of 32 bytes (possibly wrapped once).
	let mut bytes = Vec::new();
	fn collect(v: &Value<()>, out: &mut Vec<u8>) {
		use subxt::ext::scale_value::{Primitive, ValueDef};
		match &v.value {
			ValueDef::Primitive(Primitive::U128(b)) => out.push(*b as u8),
			ValueDef::Composite(c) => c.values().for_each(|x| collect(x, out)),
			_ => {}
		}
	}
	collect(v, &mut bytes);
	match <[u8; 32]>::try_from(bytes.as_slice()) {
		Ok(raw) => AccountId32(raw).to_string(),
		Err(_) => "?".into(),
	}
}

/// `provenance royalties claim`.
pub async fn royalties_claim(s: &Signing, out: &Output) -> Result<()> {
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let chain = Chain::connect(&s.rpc).await?;
	// Only for the notice: a claim with nothing accrued is refused by the dry run.
	let account = provenance_rpc::AccountId::new(me.0);
	let Amount(claimable) = chain
		.query("royalties_claimable", chain.queries().claimable(Some(account.into()), None))
		.await?;
	let call = chain::call("Royalties", "claim", vec![]);
	out.notice(format!("claiming {}; waiting for finality…", chain::format_prov(claimable)));
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let amount = done
		.event("Royalties", "Claimed")
		.and_then(|e| e.u128_field("amount"))
		.unwrap_or(claimable);
	if out.json {
		print_json(
			&json!({ "account": me.to_string(), "claimed": amount.to_string(), "block": done.block_hash }),
		);
	} else {
		println!("claimed {} to {me} (block {})", chain::format_prov(amount), done.block_hash);
	}
	Ok(())
}
