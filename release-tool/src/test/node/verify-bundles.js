// Verifies forgeline's Sigstore bundles with sigstore-js (@sigstore/verify), a real peer, offline: the trust
// material is the given public key only (no Fulcio, Rekor or TSA; thresholds 0, as for a public-key bundle).
// Usage: node verify-bundles.js PUBLIC_KEY_PEM [--repeat N] FILE...   (each FILE has FILE.sigstore.json)
// Prints "OK <file>" or "FAIL <file>: <error>" per file; exit status 0 only when every file verified.
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

const args = process.argv.slice(2);
const pem = fs.readFileSync(args.shift(), 'utf8');
let repeat = 1;
if (args[0] === '--repeat') { args.shift(); repeat = parseInt(args.shift(), 10); }
const key = crypto.createPublicKey(pem);
const hint = crypto.createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
const emptyRoot = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
const trust = toTrustMaterial(emptyRoot, (h) => {
  if (h !== hint) { throw new Error(`key not found: ${h}`); }
  return { publicKey: key, validFor: () => true };
});
const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });

let failed = 0;
const start = process.hrtime.bigint();
for (let round = 0; round < repeat; round++) {
  for (const file of args) {
    try {
      const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(file + '.sigstore.json', 'utf8')));
      verifier.verify(toSignedEntity(bundle, fs.readFileSync(file)));
      if (repeat === 1) console.log(`OK ${file}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${file}: ${e.code || ''} ${e.message}`);
    }
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.error(`verified ${args.length * repeat} bundle(s) in ${seconds.toFixed(3)} s`);
process.exit(failed === 0 ? 0 : 1);
