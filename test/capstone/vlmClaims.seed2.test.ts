/** Chapter 13's claims for seed 2 (vlmClaims.ts). */
import {vlmClaims} from "./vlmClaims.js";

vlmClaims(2);
