/** Chapter 13's claims for seed 3 (vlmClaims.ts). */
import {vlmClaims} from "./vlmClaims.js";

vlmClaims(3);
