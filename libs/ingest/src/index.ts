export * from './extraction/index.js';
export * from './formats/types.js';
export * from './formats/index.js';
export { learnerKeyHasher, normalizeTitle, SOC_2010_TO_2018, stateFips } from './formats/util.js';
export { POSTING_FIELDS, AWARD_FIELDS, OUTCOME_FIELDS, type FieldSpec } from './csv/formats.js';
export { readCsv } from './csv/reader.js';
export { verifyVcJwt, verifyDataIntegrity, didKeyToPublicKey, ed25519DidKey, eddsaJcsHashData, jcs, type ProofResult } from './proof/verify.js';
export { base58Encode, base58Decode } from './proof/multibase.js';
