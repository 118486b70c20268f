// Verifies forgeline's DSSE-form Sigstore bundles (the release's provenance) with sigstore-js (@sigstore/verify),
// offline: the trust material is the given public key only (no Fulcio, Rekor or TSA; thresholds 0, as for a
// public-key bundle). The signature is checked over the DSSE pre-authentication encoding of the payload.
// Usage: node verify-dsse-bundles.js PUBLIC_KEY_PEM BUNDLE...
// Prints "OK <bundle> <payloadType>" or "FAIL <bundle>: <error>" per bundle; exit status 0 only when every one verified.
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

const args = process.argv.slice(2);
const key = crypto.createPublicKey(fs.readFileSync(args.shift(), 'utf8'));
const hint = crypto.createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
const emptyRoot = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
const trust = toTrustMaterial(emptyRoot, (h) => {
  if (h !== hint) { throw new Error(`key not found: ${h}`); }
  return { publicKey: key, validFor: () => true };
});
const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });

let failed = 0;
for (const file of args) {
  try {
    const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (bundle.content.$case !== 'dsseEnvelope') { throw new Error(`not a DSSE bundle: ${bundle.content.$case}`); }
    verifier.verify(toSignedEntity(bundle));
    console.log(`OK ${file} ${bundle.content.dsseEnvelope.payloadType}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${e.code || ''} ${e.message}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
