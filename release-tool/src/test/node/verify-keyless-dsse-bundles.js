// Verifies keyless DSSE-form Sigstore bundles (the release's provenance signed keyless) with sigstore-js
// (@sigstore/verify), a real peer, offline: the trust material is the given trusted_root.json (the stand-ins' Fulcio
// CA, Rekor and CT log keys), with sigstore-js's default thresholds (one tlog entry, one SCT, one verified timestamp)
// and an identity policy: the certificate's SAN must be IDENTITY exactly and its OIDC issuer extension ISSUER. The
// signature is checked over the DSSE pre-authentication encoding, the log entry (dsse 0.0.1) against the envelope.
// Usage: node verify-keyless-dsse-bundles.js TRUSTED_ROOT_JSON IDENTITY ISSUER BUNDLE...
// Prints "OK <bundle> <payloadType>" or "FAIL <bundle>: <error>" per bundle; exit status 0 only when every one verified.
'use strict';
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

const [rootFile, identity, issuer, ...bundles] = process.argv.slice(2);
const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootFile, 'utf8')));
const verifier = new Verifier(toTrustMaterial(root));
const escaped = identity.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const policy = { subjectAlternativeName: new RegExp(`^${escaped}$`), extensions: { issuer } };

let failed = 0;
for (const file of bundles) {
  try {
    const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (bundle.content.$case !== 'dsseEnvelope') { throw new Error(`not a DSSE bundle: ${bundle.content.$case}`); }
    verifier.verify(toSignedEntity(bundle), policy);
    console.log(`OK ${file} ${bundle.content.dsseEnvelope.payloadType}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${e.code || ''} ${e.message}${e.cause ? ' (' + e.cause.message + ')' : ''}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
