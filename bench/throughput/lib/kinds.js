// The extrinsics of the benchmark, built from the runtime metadata (arguments picked by name, in
// the order the metadata gives), shared by the main process and the signing workers.
import { randomBytes } from 'node:crypto';
import { stringCamelCase } from '@polkadot/util';

export const UNIT = 10n ** 12n;
export const PERBILL_100 = 1_000_000_000;
/** Records per metered batch: at 1 PROV per inference, a batch charges 5 PROV (the senders hold
 *  1,000 PROV each); the weight of a metered call does not depend on the count. */
export const METERED_BATCH = 5;
export const LICENSE = { spdx: 'MIT', commercialUse: true, derivativesAllowed: true, aiTrainingAllowed: true, termsHash: null };
export const h256 = () => `0x${randomBytes(32).toString('hex')}`;

/** Options for a synchronous, immortal `tx.sign(pair, options)`. */
export function signOptions(api, nonce) {
  return {
    blockHash: api.genesisHash, genesisHash: api.genesisHash, nonce,
    runtimeVersion: api.runtimeVersion, signedExtensions: api.registry.signedExtensions, version: api.extrinsicType,
  };
}

export function makeCalls(api) {
  /** `api.tx[section][method]` with its arguments picked by name from `values`. */
  function call(section, method, values) {
    const fn = api.tx[section]?.[method];
    if (!fn) throw new Error(`no call ${section}.${method} in the runtime metadata`);
    const args = fn.meta.args.map((a) => {
      const name = stringCamelCase(a.name.toString());
      if (!(name in values)) {
        const expected = fn.meta.args.map((x) => `${stringCamelCase(x.name.toString())}: ${x.type}`).join(', ');
        throw new Error(`${section}.${method}(${expected}): no value for ${name}`);
      }
      return values[name];
    });
    return fn(...args);
  }
  const datasetTx = (owner) => call('datasets', 'register', {
    contentRoot: h256(), sizeBytes: 1_000_000, uri: 'ipfs://bench', license: LICENSE, metadata: '0x',
    contributors: [[owner, PERBILL_100]], previousVersion: null, salt: null,
  });
  const modelTx = (parents, datasets) => call('models', 'register', {
    weightsRoot: h256(), configHash: h256(), uri: 'ipfs://bench', license: LICENSE, metadata: '0x', parents, datasets, salt: null,
  });
  return { call, datasetTx, modelTx };
}

/**
 * The measured kinds: `build(s, k)` is one extrinsic of the kind sent by sender index `s` as its
 * `k`-th extrinsic (its nonce). `addresses` are the senders' addresses; `ids` the setup's datasets
 * and models.
 */
export function makeKinds(api, addresses, ids) {
  const { call, datasetTx, modelTx } = makeCalls(api);
  return {
    transfer: {
      label: 'Balances.transfer_keep_alive',
      build: (s) => call('balances', 'transferKeepAlive', { dest: addresses[(s + 1) % addresses.length], value: UNIT / 1000n }),
    },
    dataset: { label: 'Datasets.register', build: (s) => datasetTx(addresses[s]) },
    model: {
      label: 'Models.register (2 parents + 2 datasets)',
      build: () => modelTx([[ids.a, 'FineTune'], [ids.p2, 'Merge']], [ids.d1, ids.d2]),
    },
    log: {
      label: 'Inference.log',
      build: (s) => call('inference', 'log', { modelId: ids.ownModel[s], inputHash: h256(), outputHash: h256(), paramsHash: h256() }),
    },
    anchor: {
      label: 'Inference.anchor_batch (1M records)',
      build: (s) => call('inference', 'anchorBatch', { modelId: ids.ownModel[s], root: h256(), count: 1_000_000, uri: 'ipfs://bench-batch' }),
    },
    // Usage metering, side by side with `log` and `anchor`: every sender's own model Q is a
    // quantization of C (Q -> C -> B -> A, datasets D2 and D1), 50 % upstream, 10^6 planck per inference.
    'log-metered': {
      label: 'Inference.log (metered, depth-3 lineage)',
      build: (s) => call('inference', 'log', { modelId: ids.meteredModel[s], inputHash: h256(), outputHash: h256(), paramsHash: h256() }),
    },
    'anchor-metered': {
      label: `Inference.anchor_batch (${METERED_BATCH} records, metered, depth-3 lineage)`,
      build: (s) => call('inference', 'anchorBatch', { modelId: ids.meteredModel[s], root: h256(), count: METERED_BATCH, uri: 'ipfs://bench-batch' }),
    },
    pay: {
      label: 'Royalties.pay (depth-3 lineage)',
      build: () => call('royalties', 'pay', { modelId: ids.c, amount: UNIT / 100n, expected: null }),
    },
    // Consecutive extrinsics of a block (round-robin over the senders, nonce by nonce) pay
    // consecutive lineages, so no two payments of a block read the same models.
    'pay-distinct': {
      label: 'Royalties.pay (distinct depth-2 lineages)',
      build: (s, k) => call('royalties', 'pay', {
        modelId: ids.lineages[(k * addresses.length + s) % ids.lineages.length], amount: UNIT / 100n, expected: null,
      }),
    },
  };
}

/** Sender `s`'s keyring URI. */
export const senderUri = (s) => `//Bench/${s}`;
