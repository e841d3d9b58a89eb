// Submitting extrinsics and waiting for their finalized result.

/**
 * Signs and sends `tx` with `signer`, resolves when its block is finalized with
 * `{ events, blockHash }`; rejects with the decoded module error if the extrinsic failed.
 */
export function sendAndFinalize(api, tx, signer, options = {}) {
  return new Promise((resolve, reject) => {
    let unsub;
    tx.signAndSend(signer, options, (result) => {
      const { status, events, dispatchError } = result;
      if (dispatchError && (status.isInBlock || status.isFinalized)) {
        if (unsub) unsub();
        const error = new Error(errorName(api, dispatchError));
        error.events = events;
        reject(error);
        return;
      }
      if (status.isFinalized) {
        if (unsub) unsub();
        resolve({ events, blockHash: status.asFinalized });
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        if (unsub) unsub();
        reject(new Error(`transaction ${status.type}`));
      }
    }).then((u) => { unsub = u; }).catch(reject);
  });
}

/** A `DispatchError` in words: a module error as `section.Name` (`disputes.NotOpen`). */
export function errorName(api, dispatchError) {
  if (!dispatchError.isModule) return dispatchError.toString();
  const meta = api.registry.findMetaError(dispatchError.asModule);
  return `${meta.section}.${meta.name}`;
}

/** The first event `section.method` among `events`, or undefined. */
export function findEvent(events, section, method) {
  return events.map((r) => r.event).find((e) => e.section === section && e.method === method);
}

/** Fee actually paid by the signer of the extrinsic that produced `events`. */
export function feePaid(events) {
  const e = findEvent(events, 'transactionPayment', 'TransactionFeePaid');
  return e ? BigInt(e.data.actualFee.toString()) + BigInt(e.data.tip.toString()) : 0n;
}
