//! `provenance royalties pay | claim | quote | price`: paying for a model (split through its
//! lineage), claiming what the signer has accrued, quoting a payment or a usage charge, and
//! showing or setting a model's price per inference. A zero amount, an unknown or retracted model
//! and a claim with nothing accrued are refused by the chain in the dry run.

use super::{print_json, Output, Signing};
use crate::{
	args,
	chain::{self, Chain, QueryClient},
};
use anyhow::Result;
use provenance_primitives::{json::Amount, views::Quote};
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

/// What `provenance royalties quote` quotes.
pub enum QuoteOf {
	/// A payment of this amount (planck or PROV with the unit).
	Payment(String),
	/// This many inferences at the model's price.
	Usage(u64),
}

/// `provenance royalties quote --model ID (--amount AMOUNT | --count N)`: exactly what a payment
/// or a usage charge would credit, per account, and its quote hash.
pub async fn royalties_quote(rpc: &str, model_id: u64, of: QuoteOf, out: &Output) -> Result<()> {
	let chain = QueryClient::connect(rpc).await?;
	let (price, amount, quote) = match of {
		QuoteOf::Payment(amount) => {
			let amount = chain::parse_amount(&amount)?;
			let quote = chain
				.query(
					"royalties_quote",
					chain.queries().quote(Some(model_id.into()), Some(Amount(amount).into()), None),
				)
				.await?;
			(None, amount, quote)
		}
		QuoteOf::Usage(count) => {
			let usage = chain
				.query(
					"royalties_quoteUsage",
					chain.queries().quote_usage(Some(model_id.into()), Some(count.into()), None),
				)
				.await?;
			let quote = Quote { credits: usage.credits, quote_hash: usage.quote_hash };
			(Some((usage.price, count)), usage.amount, quote)
		}
	};
	if out.json {
		let mut doc = json!({
			"modelId": model_id,
			"amount": amount.to_string(),
			"credits": quote.credits.iter().map(|c| json!({
				"account": c.account.to_string(),
				"amount": c.amount.to_string(),
			})).collect::<Vec<_>>(),
			"quoteHash": format!("{:?}", quote.quote_hash),
		});
		if let Some((price, count)) = price {
			doc["price"] = json!(price.to_string());
			doc["count"] = json!(count);
		}
		print_json(&doc);
	} else {
		match price {
			Some((price, count)) => println!(
				"{count} inferences of model {model_id} at {} each: {}",
				chain::format_prov(price),
				chain::format_prov(amount)
			),
			None => println!("a payment of {} for model {model_id}", chain::format_prov(amount)),
		}
		for credit in &quote.credits {
			println!("  credits {:>24}  {}", chain::format_prov(credit.amount), credit.account);
		}
		println!("quote hash {:?}", quote.quote_hash);
	}
	Ok(())
}

/// `provenance royalties price --model ID [--set PRICE]`: shows a model's price per inference,
/// or (with `--set`, signed by its owner) sets it; zero turns usage metering off.
pub async fn royalties_price(
	model_id: u64,
	set: Option<&str>,
	s: &Signing,
	out: &Output,
) -> Result<()> {
	let Some(price) = set else {
		// `Royalties::Prices(model_id)` at the finalized head, read from storage: the price stays
		// readable when no quote can be made (a retracted model, a broken split).
		let chain = QueryClient::connect(&s.rpc).await?;
		let model = chain
			.query("provenance_getModel", chain.queries().get_model(Some(model_id.into()), None))
			.await?;
		if model.is_none() {
			return Err(super::NotFound(format!("model {model_id} does not exist")).into());
		}
		let key = [
			crate::finality::storage_value_key(b"Royalties", b"Prices"),
			sp_crypto_hashing::twox_64(&model_id.to_le_bytes()).to_vec(),
			model_id.to_le_bytes().to_vec(),
		]
		.concat();
		let head = chain.raw("chain_getFinalizedHead", vec![]).await?;
		let stored = chain
			.raw("state_getStorage", vec![json!(format!("0x{}", hex::encode(key))), head])
			.await?;
		let price = match stored.as_str() {
			Some(text) => {
				let bytes = hex::decode(text.trim_start_matches("0x"))
					.map_err(|e| anyhow::anyhow!("Royalties::Prices is not hex: {e}"))?;
				<u128 as codec::Decode>::decode(&mut bytes.as_slice())
					.map_err(|e| anyhow::anyhow!("Royalties::Prices does not decode: {e}"))?
			}
			None => 0,
		};
		if out.json {
			print_json(&json!({ "modelId": model_id, "price": price.to_string() }));
		} else if price == 0 {
			println!("model {model_id} has no price per inference (usage is free)");
		} else {
			println!("model {model_id}: {} per inference", chain::format_prov(price));
		}
		return Ok(());
	};
	let price = chain::parse_amount(price)?;
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let chain = Chain::connect(&s.rpc).await?;
	let call = chain::call(
		"Royalties",
		"set_price",
		vec![
			("model_id", Value::u128(model_id.into())),
			("price_per_inference", Value::u128(price)),
		],
	);
	out.notice("submitting Royalties.set_price and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	if out.json {
		print_json(&json!({
			"modelId": model_id,
			"price": price.to_string(),
			"block": done.block_hash,
		}));
	} else if price == 0 {
		println!("model {model_id}: usage metering off (block {})", done.block_hash);
	} else {
		println!(
			"model {model_id}: {} per inference from now on (block {})",
			chain::format_prov(price),
			done.block_hash
		);
	}
	Ok(())
}
