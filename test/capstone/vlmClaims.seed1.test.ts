/** Chapter 13's claims for seed 1 (vlmClaims.ts). */
import {vlmClaims} from "./vlmClaims.js";

vlmClaims(1);
