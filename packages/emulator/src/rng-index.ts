// @tinyspark/emulator/rng: the seeded random source every board and gesture draws from.
export { createRng, hashString, mixSeeds } from './rng.js';
export type { Rng } from './rng.js';
