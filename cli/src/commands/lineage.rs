//! `provenance lineage`: a model's ancestor models and datasets, each with its status (active,
//! disputed, retracted, displaced) and whether the ancestry is tainted, printed as an indented
//! tree, Graphviz DOT or JSON, from one `provenance_lineage` answer: it carries every node's
//! status, root and licence, and the taint.

use super::print_json;
use crate::args::status_name;
use crate::chain::Chain;
use anyhow::{bail, Result};
use provenance_primitives::{
	views::{EdgeKind, LineageNode},
	Asset, Status,
};
use provenance_rpc::ProvenanceApiClient;
use std::collections::{BTreeMap, BTreeSet};

/// Output format of `lineage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LineageFormat {
	/// An indented tree.
	Tree,
	/// Graphviz DOT.
	Dot,
	/// The RPC answer as it is.
	Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
	Model(u64),
	Dataset(u64),
}

impl Node {
	fn dot_id(&self) -> String {
		match self {
			Node::Model(id) => format!("m{id}"),
			Node::Dataset(id) => format!("d{id}"),
		}
	}
}

impl From<Asset> for Node {
	fn from(asset: Asset) -> Self {
		match asset {
			Asset::Model(id) => Node::Model(id),
			Asset::Dataset(id) => Node::Dataset(id),
		}
	}
}

/// The name of an edge's kind, as in JSON: the derivation (`fineTune`, …) or `trainedOn`.
fn kind_name(kind: EdgeKind) -> &'static str {
	match kind {
		EdgeKind::Derived(derivation) => derivation.as_str(),
		EdgeKind::TrainedOn => "trainedOn",
	}
}

fn short_hash(h: &str) -> String {
	if h.len() > 14 {
		format!("{}…{}", &h[..10], &h[h.len() - 4..])
	} else {
		h.to_owned()
	}
}

/// `model 3 [MIT] 0x77aa01…0b12 (disputed)`: kind, id, licence, root and status, all from the
/// lineage answer.
fn node_label(node: &Node, info: &BTreeMap<Node, LineageNode>) -> String {
	let (kind, id) = match node {
		Node::Model(id) => ("model", id),
		Node::Dataset(id) => ("dataset", id),
	};
	match info.get(node) {
		Some(n) => {
			// As in JSON: text when UTF-8, else 0x-hex.
			let spdx: &[u8] = n.license.spdx.as_ref();
			let spdx = match std::str::from_utf8(spdx) {
				Ok(text) => text.to_owned(),
				Err(_) => format!("0x{}", hex::encode(spdx)),
			};
			let root = short_hash(&format!("{:?}", n.root));
			format!("{kind} {id} [{spdx}] {root} ({})", status_name(n.status))
		}
		None => format!("{kind} {id}"),
	}
}

/// DOT colour of a node by status: none when active.
fn dot_color(status: Option<&Status>) -> &'static str {
	match status {
		Some(Status::Disputed) => ", color=orange",
		Some(Status::Retracted | Status::Displaced) => ", color=red",
		Some(Status::Active) | None => "",
	}
}

/// `provenance lineage <model-id>`.
pub async fn lineage(
	rpc: &str,
	model_id: u64,
	max_depth: Option<u32>,
	format: LineageFormat,
) -> Result<()> {
	let chain = Chain::connect(rpc).await?;
	let Some(lineage) = chain
		.query(
			"provenance_lineage",
			chain.queries().lineage(Some(model_id.into()), max_depth.map(Into::into), None),
		)
		.await?
	else {
		bail!("model {model_id} does not exist on the chain at {rpc}");
	};

	// Every node as the lineage answer gives them (the root first, then the ancestors in
	// breadth-first order), with its status, root and licence.
	let root = LineageNode {
		id: model_id,
		status: lineage.status,
		root: lineage.weights_root,
		license: lineage.license.clone(),
	};
	let mut nodes = vec![Node::Model(model_id)];
	nodes.extend(lineage.models.iter().map(|m| Node::Model(m.id)));
	nodes.extend(lineage.datasets.iter().map(|d| Node::Dataset(d.id)));
	let mut info = BTreeMap::new();
	info.insert(Node::Model(model_id), root);
	info.extend(lineage.models.iter().map(|m| (Node::Model(m.id), m.clone())));
	info.extend(lineage.datasets.iter().map(|d| (Node::Dataset(d.id), d.clone())));
	let mut children: BTreeMap<Node, Vec<(Node, String)>> = BTreeMap::new();
	for edge in &lineage.edges {
		children
			.entry(Node::Model(edge.from))
			.or_default()
			.push((Node::from(edge.to), kind_name(edge.kind).to_owned()));
	}
	let truncated = lineage.truncated;
	let tainted = lineage.tainted_ancestry;

	match format {
		LineageFormat::Json => print_json(&serde_json::to_value(&lineage)?),
		LineageFormat::Dot => {
			println!("digraph lineage {{");
			println!("  rankdir=BT;");
			println!("  node [fontname=\"Helvetica\"];");
			for n in &nodes {
				let shape = match n {
					Node::Model(_) => "box",
					Node::Dataset(_) => "cylinder",
				};
				let bold = if *n == Node::Model(model_id) { ", style=bold" } else { "" };
				let color = dot_color(info.get(n).map(|n| &n.status));
				println!(
					"  {} [label=\"{}\", shape={shape}{bold}{color}];",
					n.dot_id(),
					node_label(n, &info).replace('\\', "\\\\").replace('"', "\\\"")
				);
			}
			for (from, list) in &children {
				for (to, kind) in list {
					println!(
						"  {} -> {} [label=\"{}\"];",
						from.dot_id(),
						to.dot_id(),
						kind.replace('"', "\\\"")
					);
				}
			}
			if truncated {
				println!("  truncated [label=\"(truncated)\", shape=plaintext];");
			}
			if tainted {
				println!(
					"  tainted [label=\"(tainted ancestry: an ancestor is retracted or displaced)\", shape=plaintext, fontcolor=red];"
				);
			}
			println!("}}");
		}
		LineageFormat::Tree => {
			println!("{}", node_label(&Node::Model(model_id), &info));
			let mut shown = BTreeSet::new();
			shown.insert(Node::Model(model_id));
			print_tree(&Node::Model(model_id), "", &children, &info, &mut shown);
			if truncated {
				println!("(truncated: the lineage is deeper or larger than the query allowed; see --max-depth)");
			}
			if tainted {
				println!("tainted ancestry: yes (an ancestor model or dataset is retracted or displaced)");
			} else {
				println!("tainted ancestry: no");
			}
		}
	}
	Ok(())
}

fn print_tree(
	node: &Node,
	prefix: &str,
	children: &BTreeMap<Node, Vec<(Node, String)>>,
	info: &BTreeMap<Node, LineageNode>,
	shown: &mut BTreeSet<Node>,
) {
	let Some(list) = children.get(node) else { return };
	for (i, (child, kind)) in list.iter().enumerate() {
		let last = i + 1 == list.len();
		let (branch, next) = if last { ("└── ", "    ") } else { ("├── ", "│   ") };
		let repeat = !shown.insert(*child);
		let more = if repeat && children.contains_key(child) { " (see above)" } else { "" };
		let label = node_label(child, info);
		println!("{prefix}{branch}{kind}: {label}{more}");
		if !repeat {
			print_tree(child, &format!("{prefix}{next}"), children, info, shown);
		}
	}
}
