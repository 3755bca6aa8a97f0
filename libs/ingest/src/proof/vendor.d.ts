// The Digital Bazaar credential libraries ship JavaScript without type declarations.
declare module '@digitalbazaar/vc';
declare module '@digitalbazaar/ed25519-signature-2020';
declare module '@digitalbazaar/data-integrity';
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
declare module '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
declare module '@digitalbazaar/did-method-key';
declare module '@digitalbazaar/ed25519-multikey';
