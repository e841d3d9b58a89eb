// Imported first by every entry point, before any @polkadot package: @polkadot/api 16.5.6 brings
// @polkadot/util 14 for itself while this package pins util/keyring/util-crypto 13.5.9, whose
// sr25519 runs in WebAssembly (about 10x faster signing than the pure-JS sr25519 of 14.x). The two
// copies work together; this silences only the "has multiple versions" notice they print.
const warn = console.warn.bind(console);
console.warn = (...args) => {
  if (typeof args[0] === 'string' && args[0].includes('has multiple versions')) return;
  warn(...args);
};
